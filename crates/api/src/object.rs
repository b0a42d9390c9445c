//! One macro that turns `metadata` + `spec` into a Kubernetes object type.
//!
//! The wire form carries `apiVersion` and `kind`; the Rust value does not, so they cannot
//! disagree with the type. Deserializing checks both and refuses another kind.

/// k8s-openapi's `Resource`, `ListableResource` and `Metadata` for a type with a
/// `metadata: ObjectMeta` field: what [`k8s_object!`] and the kinds without a `spec`
/// (`PlacementBinding`) share.
macro_rules! k8s_resource {
    ($ty:ident, group: $group:literal, version: $version:literal, kind: $kind:literal,
     plural: $plural:literal, scope: $scope:ty) => {
        impl k8s_openapi::Resource for $ty {
            const API_VERSION: &'static str = concat!($group, "/", $version);
            const GROUP: &'static str = $group;
            const KIND: &'static str = $kind;
            const VERSION: &'static str = $version;
            const URL_PATH_SEGMENT: &'static str = $plural;
            type Scope = $scope;
        }

        impl k8s_openapi::ListableResource for $ty {
            const LIST_KIND: &'static str = concat!($kind, "List");
        }

        impl k8s_openapi::Metadata for $ty {
            type Ty = k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
            fn metadata(&self) -> &Self::Ty {
                &self.metadata
            }
            fn metadata_mut(&mut self) -> &mut Self::Ty {
                &mut self.metadata
            }
        }
    };
}

/// Defines `pub struct $ty { metadata, spec }` with k8s-openapi's `Resource` and `Metadata`,
/// serde and schemars implementations that write `apiVersion`/`kind` from the constants.
macro_rules! k8s_object {
    (
        $(#[$doc:meta])*
        $ty:ident, $spec:ty,
        group: $group:literal, version: $version:literal, kind: $kind:literal,
        plural: $plural:literal, scope: $scope:ty
    ) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $ty {
            /// Standard object metadata.
            pub metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
            /// The desired state.
            pub spec: $spec,
        }

        k8s_resource!($ty, group: $group, version: $version, kind: $kind, plural: $plural, scope: $scope);

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct as _;
                let mut s = serializer.serialize_struct($kind, 4)?;
                s.serialize_field("apiVersion", <Self as k8s_openapi::Resource>::API_VERSION)?;
                s.serialize_field("kind", $kind)?;
                s.serialize_field("metadata", &self.metadata)?;
                s.serialize_field("spec", &self.spec)?;
                s.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // `status` is written by the cluster; it is read and dropped so that objects
                // fetched from a cluster still parse.
                #[derive(serde::Deserialize)]
                #[serde(rename_all = "camelCase")]
                struct Wire {
                    api_version: String,
                    kind: String,
                    #[serde(default)]
                    metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
                    #[serde(default)]
                    spec: $spec,
                    #[serde(default, rename = "status")]
                    _status: Option<serde::de::IgnoredAny>,
                }
                let wire = Wire::deserialize(deserializer)?;
                let expected = <Self as k8s_openapi::Resource>::API_VERSION;
                if wire.api_version != expected || wire.kind != $kind {
                    return Err(serde::de::Error::custom(format!(
                        "expected apiVersion {expected} and kind {}, found {} {}",
                        $kind, wire.api_version, wire.kind
                    )));
                }
                Ok(Self { metadata: wire.metadata, spec: wire.spec })
            }
        }

        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $kind.into()
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                #[derive(schemars::JsonSchema)]
                #[serde(rename_all = "camelCase")]
                #[allow(dead_code)]
                struct Wire {
                    #[schemars(extend("const" = concat!($group, "/", $version)))]
                    api_version: String,
                    #[schemars(extend("const" = $kind))]
                    kind: String,
                    metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
                    spec: $spec,
                }
                Wire::json_schema(generator)
            }
        }
    };
}
