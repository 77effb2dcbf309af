using System.Globalization;
using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>
/// Writes hits as TREC run lines in the order received. trec_eval re-sorts each query by score (ties by docid),
/// so ranks are renumbered from 1 per query and a score that does not fall below the previous printed one is
/// lowered by one unit of the last printed digit: the file then means exactly the order we produced.
/// </summary>
public sealed class TrecRunWriter : IHitWriter
{
    public const string DefaultRunTag = "rearank";

    private readonly TextWriter writer;
    private readonly string? runTag;
    private readonly int scoreDecimals;
    private readonly string scoreFormat;
    private readonly decimal scoreStep;
    private readonly ArrivalRanks ranks = new();
    private readonly RecentQueries<decimal> lastScores = new();
    private string? lastQueryId;

    /// <param name="writer">Destination; the caller owns it unless disposed through this writer.</param>
    /// <param name="runTag">The tag for every line; null keeps each hit's own RunTag (or <see cref="DefaultRunTag"/>).</param>
    /// <param name="scoreDecimals">Digits after the point; 6 like Pyserini and rank_llm.</param>
    public TrecRunWriter(TextWriter writer, string? runTag = null, int scoreDecimals = 6)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scoreDecimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scoreDecimals, 12);
        if (runTag is not null) ValidateTag(runTag);
        this.writer = writer;
        this.runTag = runTag;
        this.scoreDecimals = scoreDecimals;
        scoreFormat = "F" + scoreDecimals.ToString(CultureInfo.InvariantCulture);
        scoreStep = 1m / Pow10(scoreDecimals);
    }

    public void Write(RankedHit hit)
    {
        if (string.IsNullOrWhiteSpace(hit.QueryId) || HasWhiteSpace(hit.QueryId))
            throw new ArgumentException($"A query id must be non-empty and have no spaces: '{hit.QueryId}'.", nameof(hit));
        if (string.IsNullOrWhiteSpace(hit.DocId) || HasWhiteSpace(hit.DocId))
            throw new ArgumentException($"A document id must be non-empty and have no spaces: '{hit.DocId}' (query {hit.QueryId}).", nameof(hit));
        if (!double.IsFinite(hit.Score) || Math.Abs(hit.Score) > 1e15)
            throw new ArgumentException($"Score {hit.Score} of document {hit.DocId} (query {hit.QueryId}) cannot be written to a run.", nameof(hit));
        var tag = runTag ?? hit.RunTag ?? DefaultRunTag;
        if (runTag is null) ValidateTag(tag);

        // A finished query's lines reach the disk before the next one starts, so an interrupted export keeps them.
        if (lastQueryId is not null && !string.Equals(lastQueryId, hit.QueryId, StringComparison.Ordinal)) CommittedFileStream.CommitUnder(writer);
        lastQueryId = hit.QueryId;

        var score = Math.Round((decimal)hit.Score, scoreDecimals, MidpointRounding.AwayFromZero);
        if (lastScores.TryGetValue(hit.QueryId, out var previous) && score >= previous) score = previous - scoreStep;
        lastScores[hit.QueryId] = score;
        var rank = ranks.Next(hit.QueryId);

        writer.Write(hit.QueryId);
        writer.Write(" Q0 ");
        writer.Write(hit.DocId);
        writer.Write(' ');
        writer.Write(rank.ToString(CultureInfo.InvariantCulture));
        writer.Write(' ');
        writer.Write(score.ToString(scoreFormat, CultureInfo.InvariantCulture));
        writer.Write(' ');
        writer.Write(tag);
        writer.Write('\n');
    }

    public void Flush() => CommittedFileStream.CommitUnder(writer);

    public void Complete() => Flush();

    public void Dispose() => writer.Dispose();

    // A loop, not LINQ's Any: this runs for every line of a deep run, and Any over chars is generic code a fresh process compiles first.
    private static bool HasWhiteSpace(string text)
    {
        foreach (var c in text)
            if (char.IsWhiteSpace(c)) return true;
        return false;
    }

    public static void ValidateTag(string tag)
    {
        if (string.IsNullOrWhiteSpace(tag) || HasWhiteSpace(tag))
            throw new ArgumentException($"A run tag must be one word without spaces: '{tag}'.", nameof(tag));
    }

    private static decimal Pow10(int n)
    {
        var result = 1m;
        for (var i = 0; i < n; i++) result *= 10;
        return result;
    }
}
