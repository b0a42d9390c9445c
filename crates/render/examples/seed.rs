//! Prints the guide's objects: the `preview-1.1` operator subscription and the `default`
//! KataConfig (nodes labelled `kata: "true"`), with the node objects its operator creates.

use oscgen_render::api::oscgen::v1alpha1::{PoolSelector, RuntimeSpec};
use oscgen_render::{OperatorSpec, render_operator, render_runtime};

fn main() -> Result<(), oscgen_render::Error> {
    let operator = render_operator(&OperatorSpec { channel: Some("preview-1.1".into()), ..Default::default() })?;
    let runtime = render_runtime(&RuntimeSpec {
        release: Some("1.1.0".into()),
        pool_selector: Some(PoolSelector {
            match_labels: [("kata".to_owned(), "true".into())].into(),
            ..Default::default()
        }),
        render_node_objects: true,
        ..Default::default()
    })?;
    print!("{}---\n{}", operator.to_yaml()?, runtime.to_yaml()?);
    Ok(())
}
