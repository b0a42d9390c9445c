//! The objects `check` runs its rules on: an object of a build (oscgen-kustomize's, with where
//! its values were written and the patches it went through), and, for an object inside an
//! RHACM Policy, the policy that places it.

use std::ops::{Deref, DerefMut};

use serde_json::Value;

pub(crate) use crate::kustomize::{Doc, Layer, Place, normalize};
use crate::{FieldPath, Origin, kustomize};

/// An object to check.
#[derive(Clone, Debug)]
pub(crate) struct Obj {
    /// The object as the build made it.
    pub built: kustomize::Obj,
    /// The RHACM policy that places it, for an object inside a Policy.
    pub via: Option<crate::policy::Via>,
}

impl Obj {
    pub fn new(value: Value, place: Place) -> Self {
        kustomize::Obj::new(value, place).into()
    }

    /// Where to point for `path`: at its key, or with `value_first` at its value.
    pub fn origin(&self, path: &FieldPath, value_first: bool) -> Origin {
        crate::events::origin(self.built.origin(path, value_first))
    }
}

impl From<kustomize::Obj> for Obj {
    fn from(built: kustomize::Obj) -> Self {
        Self { built, via: None }
    }
}

impl Deref for Obj {
    type Target = kustomize::Obj;

    fn deref(&self) -> &kustomize::Obj {
        &self.built
    }
}

impl DerefMut for Obj {
    fn deref_mut(&mut self) -> &mut kustomize::Obj {
        &mut self.built
    }
}
