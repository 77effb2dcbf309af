using Rearank.Core.IO;

namespace Rearank.Core.Evaluation;

/// <summary>Reads a TREC run file straight into the form the evaluator needs, without a pipeline in between.</summary>
public static class RunLoader
{
    /// <summary>The run's tag is that of its first line (trec_eval's runid); an empty file gets its file name.</summary>
    public static RunRankings Load(string path, MalformedRecordHandler? onMalformed = null)
    {
        RunRankings? run = null;
        foreach (var hit in TrecRunReader.Read(path, onMalformed))
        {
            run ??= new RunRankings(hit.RunTag ?? Path.GetFileName(path));
            run.Add(hit.QueryId, hit.DocId, hit.Score);
        }
        return run ?? new RunRankings(Path.GetFileName(path));
    }
}
