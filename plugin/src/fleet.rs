//! `oscgen render --each` on every core: the binary owns the threads, the library renders one
//! file at a time ([`oscgen_render::fleet::render_one`]) and joins the outcomes in file order,
//! so the stream is the same bytes whatever the thread count. [`in_order`] is the one way the
//! binary spreads work over threads (reading a fleet's files too).

use oscgen_render::Error;
use oscgen_render::catalog::file::FileCatalog;
use oscgen_render::fleet::{self, Fleet};

/// Below this many files a fleet is rendered on one thread: starting another costs more than
/// it saves.
const FILES_PER_THREAD: usize = 64;

/// Renders each `(name, text)` as one cluster on at most `threads` threads (at least one), in
/// contiguous runs whose outcomes go back in file order.
pub fn render_each(files: &[(String, String)], threads: usize, given: Option<&FileCatalog>) -> Result<Fleet, Error> {
    let threads = threads.clamp(1, files.len().div_ceil(FILES_PER_THREAD).max(1));
    if threads == 1 {
        return fleet::join(files.iter().map(|(name, text)| fleet::render_one(name, text, given)));
    }
    // A render never panics on input (no unwrap on user data); if a thread did, its files are
    // reported rather than the panic carried on.
    let outcomes =
        in_order(files, threads, |(name, text)| fleet::render_one(name, text, given), |(name, _)| fleet::stopped(name));
    fleet::join(outcomes)
}

/// `f` of every item on `threads` threads (at least one), in contiguous runs whose results go
/// back in item order; the items of a run whose thread stopped get `stopped` instead.
pub fn in_order<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
    stopped: impl Fn(&T) -> R,
) -> Vec<R> {
    let chunk = items.len().div_ceil(threads.max(1)).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let runs: Vec<_> =
            items.chunks(chunk).map(|run| (run, scope.spawn(move || run.iter().map(f).collect::<Vec<R>>()))).collect();
        runs.into_iter()
            .flat_map(|(run, thread)| thread.join().unwrap_or_else(|_| run.iter().map(&stopped).collect()))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn kata_runtime(i: usize) -> String {
        let release = ["1.3.3", "1.9.0", "1.11.1"][i % 3];
        format!(
            "apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata: {{name: kata-{i}}}\n\
             spec: {{release: {release}, poolSelector: {{matchLabels: {{pool: 'c{i}'}}}}, renderNodeObjects: {}}}\n",
            i.is_multiple_of(2)
        )
    }

    #[test]
    fn the_same_bytes_on_any_number_of_threads() {
        let files: Vec<(String, String)> = (0..300).map(|i| (format!("c{i}.yaml"), kata_runtime(i))).collect();
        let one = render_each(&files, 1, None).unwrap();
        for threads in [2, 3, 8] {
            assert_eq!(render_each(&files, threads, None).unwrap(), one, "{threads} threads");
        }
        assert_eq!(one.yaml.matches("kind: KataConfig").count(), 300);
    }

    #[test]
    fn problems_from_every_thread_name_their_file_in_file_order() {
        let mut files: Vec<(String, String)> = (0..300).map(|i| (format!("c{i}.yaml"), kata_runtime(i))).collect();
        files[10].1 = "apiVersion: [\n".to_owned();
        files[250].1 = "# nothing yet\n".to_owned();
        let Err(Error::Invalid(report)) = render_each(&files, 4, None) else { panic!("bad files render") };
        let named: Vec<&str> = report.entries.iter().filter_map(|d| d.origin.as_ref()?.file.as_deref()).collect();
        assert_eq!(named, ["c10.yaml", "c250.yaml"]);
    }
}
