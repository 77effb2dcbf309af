using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>
/// A training-set folder: each split as verl Parquet and TRL JSONL (train/validation .parquet and .jsonl), and as
/// REARANK's own rows (.rearank.jsonl and .rearank.parquet), which its training code reads.
/// </summary>
public static class TrainingSetFolder
{
    private static readonly string[] Splits = ["train", "validation"];

    /// <summary>Every file the folder gets, for the overwrite rule before anything is written.</summary>
    public static IReadOnlyList<string> Files(string folder) =>
        Splits.SelectMany(split => new[] { ".parquet", ".jsonl", ".rearank.jsonl", ".rearank.parquet" }.Select(ending => System.IO.Path.Combine(folder, split + ending))).ToList();

    /// <summary>Writes the rows, and the same rows in REARANK's layout (<paramref name="upstream"/>), split by split.</summary>
    public static TrainingSetSummary Write(IReadOnlyList<TrainingRow> rows, IReadOnlyList<UpstreamRow> upstream, string folder, string dataSource, int queries, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        foreach (var split in Splits)
        {
            var part = rows.Where(r => r.Split == split).ToList();
            TrainingSetFiles.WriteParquetAsync(part, System.IO.Path.Combine(folder, split + ".parquet"), dataSource, cancellationToken).GetAwaiter().GetResult();
            TrainingSetFiles.WriteJsonl(part, System.IO.Path.Combine(folder, split + ".jsonl"));
            var upstreamPart = upstream.Where(r => r.Split == split).ToList();
            UpstreamTrainingFiles.WriteJsonl(upstreamPart, System.IO.Path.Combine(folder, split + ".rearank.jsonl"));
            UpstreamTrainingFiles.WriteParquetAsync(upstreamPart, System.IO.Path.Combine(folder, split + ".rearank.parquet"), cancellationToken).GetAwaiter().GetResult();
        }
        int Rows(string split) => rows.Count(r => r.Split == split);
        int Queries(string split) => rows.Where(r => r.Split == split).Select(r => r.QueryId).Distinct().Count();
        return new TrainingSetSummary(folder, Rows("train"), Queries("train"), Rows("validation"), Queries("validation"),
            queries - rows.Select(r => r.QueryId).Distinct().Count());
    }
}
