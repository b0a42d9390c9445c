//! `oscgen upgrade`: what an OpenShift upgrade (or an EUS path) does to the operator, its
//! KataConfig and the nodes, step by step, from oscgen's catalogs. Every statement says how
//! its fact is known; the reasoning lives in `oscgen_render::upgrade`.

use oscgen_render::upgrade::{self, Approval, FileCatalog, Plan, Request};

use crate::emit;
use crate::error::CliError;
use crate::releases::TableFormat;

/// Arguments of `oscgen upgrade`.
#[derive(Debug, clap::Args)]
pub struct UpgradeArgs {
    /// The installed release: `1.10.3`, `v1.10.3` or its CSV name.
    #[arg(long, value_name = "RELEASE")]
    from: String,
    /// The Subscription's channel.
    #[arg(long, default_value = "stable")]
    channel: String,
    /// The cluster's OpenShift version now (`4.16`).
    #[arg(long, value_name = "VERSION")]
    openshift: String,
    /// The OpenShift version to upgrade to, or a comma list for an EUS path (`4.18,4.20`).
    #[arg(long, value_name = "VERSION[,VERSION...]", value_delimiter = ',')]
    to_openshift: Vec<String>,
    /// The operator release to reach.
    #[arg(long, value_name = "RELEASE")]
    to: Option<String>,
    /// The Subscription's installPlanApproval.
    #[arg(long, value_enum, default_value_t = ApprovalArg::Automatic)]
    approval: ApprovalArg,
    /// The KataConfig has `enablePeerPods: true`.
    #[arg(long)]
    peer_pods: bool,
    /// Plan an OpenShift version against this catalog file instead of oscgen's data
    /// (`4.21=index.json`, the output of `opm render registry.redhat.io/redhat/redhat-operator-index:v4.21`);
    /// may be given once per version.
    #[arg(long, value_name = "VERSION=FILE")]
    catalog: Vec<String>,
    /// Refuse catalog files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = crate::input::DEFAULT_MAX_INPUT)]
    max_input_bytes: u64,
    /// Output format: a table per step, or JSON with one object per step.
    #[arg(short, long, value_enum, default_value_t = TableFormat::Table)]
    output: TableFormat,
}

/// `installPlanApproval` as a flag value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ApprovalArg {
    /// OLM approves every InstallPlan.
    #[value(name = "Automatic", alias = "automatic")]
    Automatic,
    /// Each InstallPlan waits for an administrator.
    #[value(name = "Manual", alias = "manual")]
    Manual,
}

/// Runs `oscgen upgrade`.
pub fn run(args: &UpgradeArgs) -> Result<(), CliError> {
    let mut catalogs: Vec<FileCatalog> = Vec::new();
    for spec in &args.catalog {
        let Some((version, path)) = spec.split_once('=') else {
            return Err(CliError::Usage(format!("--catalog `{spec}`: write VERSION=FILE, e.g. 4.21=index.json")));
        };
        let (name, text) = crate::input::read_path(std::path::Path::new(path), args.max_input_bytes)?;
        let found = FileCatalog::read(version, &name, &text).map_err(|e| CliError::Input(e.to_string()))?;
        if catalogs.iter().any(|c| c.openshift == found.openshift) {
            return Err(CliError::Usage(format!("--catalog: OpenShift {} is given twice", found.openshift)));
        }
        catalogs.push(found);
    }
    let request = Request {
        from: &args.from,
        channel: &args.channel,
        openshift: &args.openshift,
        to_openshift: &args.to_openshift,
        to: args.to.as_deref(),
        approval: match args.approval {
            ApprovalArg::Automatic => Approval::Automatic,
            ApprovalArg::Manual => Approval::Manual,
        },
        peer_pods: args.peer_pods,
        catalogs: &catalogs,
    };
    let plan = upgrade::plan(&request).map_err(|e| match e {
        oscgen_render::Error::Plan { .. } => CliError::Usage(e.to_string()),
        other => CliError::Render(other),
    })?;
    let text = match args.output {
        TableFormat::Table => table(&plan),
        TableFormat::Json => {
            let mut text = serde_json::to_string_pretty(&plan.steps)
                .map_err(|e| CliError::Render(oscgen_render::Error::Json(e)))?;
            text.push('\n');
            text
        }
    };
    emit(&text)
}

/// One block per step: its header, then its statements as aligned columns.
pub fn table(plan: &Plan) -> String {
    let mut text = format!(
        "Upgrade plan: operator {}{} on channel {}, installPlanApproval {:?}, peer pods {}\n",
        plan.from,
        plan.planned_as.map(|r| format!(" (planned as {r})")).unwrap_or_default(),
        plan.channel,
        plan.approval,
        if plan.peer_pods { "on" } else { "off" },
    );
    for (i, step) in plan.steps.iter().enumerate() {
        let when = if step.current { " (now)" } else { "" };
        let catalog =
            if step.catalog == step.openshift { "its catalog".to_owned() } else { format!("catalog {}", step.catalog) };
        text.push_str(&format!(
            "\nStep {}: OpenShift {}{when}, {catalog}, channel {}: operator {} -> {}\n",
            i + 1,
            step.openshift,
            step.channel,
            step.before,
            step.after
        ));
        let mut rows = vec![vec!["  TOPIC".to_owned(), "CONFIDENCE".to_owned(), "STATEMENT".to_owned()]];
        for s in &step.statements {
            rows.push(vec![format!("  {}", s.topic.as_str()), s.certainty.as_str().to_owned(), s.text.clone()]);
        }
        text.push_str(&crate::releases::columns(&rows));
    }
    let inferred = plan.inferred().count();
    text.push_str(&format!(
        "\n{inferred} statement(s) rest on inferred or unknown facts: oscgen reasoned them from the cited facts (OLM's rules, the catalogs, the operator's code), and a live cluster may differ. `-o json` lists the source of every statement.\n"
    ));
    text
}
