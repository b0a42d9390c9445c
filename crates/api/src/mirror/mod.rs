//! oc-mirror's image set configuration, group `mirror.openshift.io`: the file that says which
//! catalogs, packages, channels and versions a disconnected cluster's mirror holds.
//!
//! Field names follow oc-mirror's Go types (github.com/openshift/oc-mirror `main` @ 855b64a):
//! [`v1alpha2`] for oc-mirror v1 (`v1/pkg/api/v1alpha2/types_config.go`,
//! `types_include_config.go`), [`v2alpha1`] for oc-mirror v2
//! (`internal/pkg/api/v2alpha1/type_config.go`, `type_config_include.go`). Unknown fields are
//! refused when reading, so a config that parses has only fields oc-mirror knows. Parts oscgen
//! never writes (release platform, Helm, blocked images, samples) are kept as opaque values.
//!
//! An ImageSetConfiguration has `apiVersion` and `kind` but no `metadata`, so it is not a
//! Kubernetes object: the two fields are stored, and [`v2alpha1::ImageSetConfiguration::new`]
//! (and v1alpha2's) fill them from the type's constants.

pub mod v1alpha2;
pub mod v2alpha1;
