namespace Rearank.Core.Suites;

/// <summary>How a dataset's first stage is found on disk.</summary>
public enum LayoutKind
{
    /// <summary>A candidate file (RankGPT JSON array or rank_llm JSONL) and qrels: the first stage is given.</summary>
    Candidates,

    /// <summary>A TREC run, its queries, the corpus for passage texts, and qrels.</summary>
    Run,

    /// <summary>A corpus (BEIR corpus.jsonl, Pyserini JSONL, MS MARCO collection.tsv), queries and qrels: the module's BM25 is the first stage.</summary>
    Corpus,

    /// <summary>BRIGHT as REARANK prepares it: data/pyserini_queries, pyserini_corpus, pyserini_qrels, and runs_bm25 (excluded ids removed) one level up.</summary>
    BrightPrepared,

    /// <summary>BRIGHT as published: documents (id, content) and examples (id, query, gold_ids, excluded_ids), JSONL or Parquet.</summary>
    BrightPublished,
}

/// <summary>The files of one dataset.</summary>
public sealed record DatasetFiles(LayoutKind Kind, string Folder)
{
    public string? Candidates { get; init; }
    public string? Run { get; init; }
    public string? Corpus { get; init; }
    public string? Queries { get; init; }
    public string? Qrels { get; init; }
    public string? Examples { get; init; }
}

/// <summary>A dataset folder matches none of the layouts the suite reads.</summary>
public sealed class UnknownLayoutException(string message) : RearankException(message);

/// <summary>
/// Finds a dataset's files under the suite's root folder. The layouts, in the order they are tried (the first that
/// is complete wins), are documented in docs/evaluation-suites.md.
/// </summary>
public static class DatasetLayouts
{
    private static readonly string[] CandidatePatterns = ["retrieve_results*.json", "retrieve_results*.jsonl", "candidates*.json", "candidates*.jsonl", "*.candidates.json", "*.candidates.jsonl"];
    private static readonly string[] QrelsPatterns = ["qrels/test.tsv", "qrels*.txt", "qrels*.tsv", "qrels/*.txt"];
    private static readonly string[] RunPatterns = ["run*.txt", "run*.trec", "*.trec"];
    private static readonly string[] CorpusPatterns = ["corpus.jsonl", "corpus.jsonl.gz", "collection.tsv", "collection.tsv.gz", "corpus.tsv", "documents.jsonl"];
    private static readonly string[] QueryPatterns = ["queries.jsonl", "queries.tsv", "topics*.txt", "queries*.tsv", "queries*.txt"];

    /// <summary>The files, or (as the return value) why none was found, for callers that go on with other datasets.</summary>
    public static UnknownLayoutException? TryFind(string root, SuiteDataset dataset, out DatasetFiles files)
    {
        try
        {
            files = Find(root, dataset);
            return null;
        }
        catch (UnknownLayoutException e)
        {
            files = null!;
            return e;
        }
    }

    public static DatasetFiles Find(string root, SuiteDataset dataset)
    {
        if (!Directory.Exists(root)) throw new UnknownLayoutException($"The suite root '{root}' does not exist.");
        var looked = new List<string>();
        if (dataset.Bright)
        {
            if (BrightPrepared(root, dataset.Name, looked) is { } prepared) return prepared;
            if (BrightPublished(root, dataset.Name, looked) is { } published) return published;
        }
        foreach (var name in dataset.Folders)
        {
            var folder = Path.Combine(root, name);
            if (!Directory.Exists(folder))
            {
                looked.Add($"a folder {folder}");
                continue;
            }
            var qrels = First(folder, QrelsPatterns);
            var candidates = First(folder, CandidatePatterns);
            if (candidates is not null && qrels is not null) return new DatasetFiles(LayoutKind.Candidates, folder) { Candidates = candidates, Qrels = qrels };
            var corpus = First(folder, CorpusPatterns);
            var queries = First(folder, QueryPatterns);
            var run = First(folder, RunPatterns);
            if (run is not null && corpus is not null && queries is not null && qrels is not null)
                return new DatasetFiles(LayoutKind.Run, folder) { Run = run, Corpus = corpus, Queries = queries, Qrels = qrels };
            if (corpus is not null && queries is not null && qrels is not null)
                return new DatasetFiles(LayoutKind.Corpus, folder) { Corpus = corpus, Queries = queries, Qrels = qrels };
            looked.Add($"in {folder}: a candidate file ({string.Join(", ", CandidatePatterns)}) with qrels ({string.Join(", ", QrelsPatterns)}), " +
                       $"or a corpus ({string.Join(", ", CorpusPatterns)}) with queries ({string.Join(", ", QueryPatterns)}), qrels and optionally a run ({string.Join(", ", RunPatterns)}); " +
                       $"found {Found(candidates, corpus, queries, qrels, run)}");
        }
        throw new UnknownLayoutException($"No known layout for dataset '{dataset.Name}' under '{root}'. Looked for: {string.Join("; ", looked)}.");
    }

    /// <summary>
    /// REARANK's prepared BRIGHT, as its `get_hits_from_run_bright` reads it: the three pyserini_* folders under
    /// data/bright/data and runs_bm25 one level up, under data/bright. -Root may name either level (or the folder
    /// holding data/bright); the form with all four folders side by side under -Root is read too.
    /// </summary>
    private static DatasetFiles? BrightPrepared(string root, string task, List<string> looked)
    {
        var shapes = new (string Data, string Runs)[]
        {
            (root, root),
            (root, Path.Combine(root, "..")),
            (Path.Combine(root, "data"), root),
            (Path.Combine(root, "data", "bright", "data"), Path.Combine(root, "data", "bright")),
        };
        foreach (var (data, runs) in shapes)
        {
            var queries = Path.GetFullPath(Path.Combine(data, "pyserini_queries", $"{task}.tsv"));
            var run = Path.GetFullPath(Path.Combine(runs, "runs_bm25", $"bm25.{task}.filtered.trec"));
            var corpus = Path.GetFullPath(Path.Combine(data, "pyserini_corpus", task, $"{task}.jsonl"));
            var qrels = Path.GetFullPath(Path.Combine(data, "pyserini_qrels", $"{task}.tsv"));
            if (new[] { queries, run, corpus, qrels }.All(File.Exists))
                return new DatasetFiles(LayoutKind.BrightPrepared, Path.GetFullPath(data)) { Queries = queries, Run = run, Corpus = corpus, Qrels = qrels };
        }
        looked.Add($"REARANK's prepared BRIGHT layout (pyserini_queries/{task}.tsv, pyserini_corpus/{task}/{task}.jsonl and pyserini_qrels/{task}.tsv " +
                   $"with runs_bm25/bm25.{task}.filtered.trec beside them or one level up, under '{root}', '{Path.Combine(root, "data")}' or '{Path.Combine(root, "data", "bright", "data")}')");
        return null;
    }

    private static DatasetFiles? BrightPublished(string root, string task, List<string> looked)
    {
        foreach (var (documents, examples) in new[] { (Path.Combine(root, "documents"), Path.Combine(root, "examples")), (Path.Combine(root, task), Path.Combine(root, task)) })
        {
            var corpus = First(documents, [$"{task}.jsonl", $"{task}.parquet", $"{task}-*.parquet", $"{task}*.jsonl", "documents.jsonl", "documents.parquet"]);
            var queries = First(examples, [$"{task}.jsonl", $"{task}.parquet", $"{task}-*.parquet", $"{task}*.jsonl", "examples.jsonl", "examples.parquet"]);
            if (corpus is not null && queries is not null && corpus != queries)
                return new DatasetFiles(LayoutKind.BrightPublished, root) { Corpus = corpus, Examples = queries };
        }
        looked.Add($"BRIGHT's published layout (documents/{task}.jsonl|parquet and examples/{task}.jsonl|parquet, or {task}/documents.* and {task}/examples.*)");
        return null;
    }

    private static string? First(string folder, IEnumerable<string> patterns)
    {
        if (!Directory.Exists(folder)) return null;
        foreach (var pattern in patterns)
        {
            var directory = Path.Combine(folder, Path.GetDirectoryName(pattern) ?? "");
            if (!Directory.Exists(directory)) continue;
            var match = Directory.EnumerateFiles(directory, Path.GetFileName(pattern)).Order(StringComparer.Ordinal).FirstOrDefault();
            if (match is not null) return match;
        }
        return null;
    }

    private static string Found(params string?[] files)
    {
        var present = files.Where(f => f is not null).Select(f => Path.GetFileName(f!)).ToList();
        return present.Count == 0 ? "none of them" : string.Join(", ", present);
    }
}
