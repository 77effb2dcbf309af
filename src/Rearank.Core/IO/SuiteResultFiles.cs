using System.Text.Json;
using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>
/// The files a suite run leaves beside its runs: each dataset's result.json (its presence, finished, marks the dataset
/// done), the suite's results CSV, and the reranked run as REARANK's `write_eval_file` writes it. Each is written whole
/// (WholeFile), so an interrupted write never leaves half a file.
/// </summary>
public static class SuiteResultFiles
{
    public const string ResultFile = "result.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>
    /// An earlier run's finished result, or null. A result.json of an older version has no figure of the reranked
    /// order: it reads as not finished, so its traces give both figures again, with no model call.
    /// </summary>
    public static DatasetResult? ReadFinished(string path) =>
        File.Exists(path) && JsonSerializer.Deserialize<DatasetResult>(File.ReadAllText(path)) is { Finished: true, FailedQueries: 0, RerankedOrderNdcg10: not null } done
            ? done : null;

    public static void WriteResult(string path, DatasetResult result) =>
        WholeFile.Write(path, text => text.Write(JsonSerializer.Serialize(result, Json) + "\n"));

    public static void WriteCsv(string path, IEnumerable<DatasetResult> results) => WholeFile.Write(path, writer =>
    {
        writer.Write("Suite,Dataset,Layout,Queries,Bm25Ndcg1,Bm25Ndcg5,Bm25Ndcg10,RerankNdcg1,RerankNdcg5,RerankNdcg10,PublishedBm25,PublishedRearank,FailedQueries,Model,FailedWindows,Finished,RerankedOrderNdcg1,RerankedOrderNdcg5,RerankedOrderNdcg10\n");
        foreach (var r in results)
            writer.Write(FormattableString.Invariant(
                $"{r.Suite},{r.Dataset},{r.Layout},{r.Queries},{r.Bm25Ndcg1:F2},{r.Bm25Ndcg5:F2},{r.Bm25Ndcg10:F2},{r.RerankNdcg1:F2},{r.RerankNdcg5:F2},{r.RerankNdcg10:F2},{r.PublishedBm25:F2},{r.PublishedRearank:F2},{r.FailedQueries},\"{r.Model.Replace("\"", "\"\"")}\",{r.FailedWindows},{(r.Finished ? "true" : "false")},{r.RerankedOrderNdcg1:F2},{r.RerankedOrderNdcg5:F2},{r.RerankedOrderNdcg10:F2}\n"));
    });

    /// <summary>
    /// The run as REARANK's `write_eval_file` writes it: ranks 1..n, each slot's first-stage score as it is (ties and
    /// all, round-trip digits), so trec_eval gives RerankNdcg* from it.
    /// </summary>
    public static void WriteSlotScoredRun(string path, IEnumerable<IReadOnlyList<RankedHit>> queries) => WholeFile.Write(path, text =>
    {
        foreach (var hits in queries)
            for (var i = 0; i < hits.Count; i++)
                text.Write(FormattableString.Invariant($"{hits[i].QueryId} Q0 {hits[i].DocId} {i + 1} {hits[i].Score:R} rearank\n"));
    });
}
