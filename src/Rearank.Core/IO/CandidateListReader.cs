using System.Text.Json;
using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>
/// Reads candidate lists in the RankGPT JSON layout,
/// <c>[{"query": text, "hits": [{"qid", "docid", "rank", "score", "content"}, ...]}, ...]</c>, and rank_llm's, as a
/// JSON array of its requests (<c>{"query": {"text", "qid"}, "candidates": [...]}</c>) or as JSONL.
/// One query's hits are in memory at a time; a bad hit is reported and skipped, its neighbours still flow.
/// </summary>
public static class CandidateListReader
{
    private const string HitShape = "a hit {\"qid\", \"docid\", \"rank\", \"score\", \"content\"}";

    /// <summary>The JSON array layout, or rank_llm's JSONL (a file whose first character is '{'), told apart by content.</summary>
    public static IEnumerable<RankedHit> Read(string path, MalformedRecordHandler? onMalformed = null) =>
        IsJsonLines(path) ? RankLlmCandidateReader.Read(path, onMalformed) : ReadArray(path, onMalformed);

    /// <summary>True when the first non-blank character is '{': one JSON object per line rather than one array.</summary>
    public static bool IsJsonLines(string path)
    {
        using var reader = TextFile.OpenText(path);
        int c;
        while ((c = reader.Read()) >= 0)
            if (!char.IsWhiteSpace((char)c)) return c == '{';
        return false;
    }

    private static IEnumerable<RankedHit> ReadArray(string path, MalformedRecordHandler? onMalformed)
    {
        using var stream = TextFile.OpenRead(path);
        foreach (var element in new JsonArrayScanner(stream, path).Elements())
        {
            List<RankedHit>? hits = null;
            try
            {
                hits = ParseQuery(path, element, onMalformed);
            }
            catch (MalformedRecordException e)
            {
                onMalformed.Report(e);
            }
            catch (Exception e) when (e is InvalidOperationException or JsonException or FormatException)
            {
                // Well-formed JSON holding bytes that are not UTF-8 text, say: the query is reported, the file goes on.
                onMalformed.Report(new MalformedRecordException(path, element.Line, "a query object of valid UTF-8 JSON text", null, e));
            }
            if (hits is null) continue;
            foreach (var hit in hits) yield return hit;
        }
    }

    private static List<RankedHit> ParseQuery(string path, JsonArrayScanner.Element element, MalformedRecordHandler? onMalformed)
    {
        using var document = JsonDocument.Parse(element.Bytes);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new MalformedRecordException(path, element.Line, "an object {\"query\", \"hits\"} for each query");
        // rank_llm's JSON array (DataWriter.write_in_json_format): its JSONL requests, indented, in one array.
        if (root.TryGetProperty("candidates", out _) && !root.TryGetProperty("hits", out _))
            return RankLlmCandidateReader.Request(path, element.Line, root, null);
        if (!root.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.String)
            throw new MalformedRecordException(path, element.Line, "a string field \"query\" in the object that starts here");
        if (!root.TryGetProperty("hits", out var hitArray) || hitArray.ValueKind != JsonValueKind.Array)
            throw new MalformedRecordException(path, element.Line, "an array field \"hits\" in the object that starts here");

        var hitLines = HitLines(element);
        var count = hitArray.GetArrayLength();
        var hits = new List<RankedHit>(count);
        var index = 0;
        foreach (var hit in hitArray.EnumerateArray())
        {
            var line = index < hitLines.Count ? hitLines[index] : element.Line;
            try
            {
                hits.Add(ParseHit(path, line, hit, query.GetString()!, index, count));
            }
            catch (MalformedRecordException e)
            {
                onMalformed.Report(e);
            }
            catch (InvalidOperationException e) when (e.InnerException is System.Text.DecoderFallbackException)
            {
                onMalformed.Report(new MalformedRecordException(path, line, "a hit of valid UTF-8 text", null, e));
            }
            index++;
        }
        return hits;
    }

    private static RankedHit ParseHit(string path, long line, JsonElement hit, string queryText, int index, int count)
    {
        if (hit.ValueKind != JsonValueKind.Object)
            throw new MalformedRecordException(path, line, HitShape);
        var queryId = Id(path, line, hit, "qid");
        var docId = Id(path, line, hit, "docid");
        // rank and score are optional in some exports: the list order then stands for both. A field that is present
        // must have its type, though: a silently replaced score or rank would change the run without a word.
        var rank = index + 1;
        if (Present(hit, "rank", out var r) && !(r.ValueKind == JsonValueKind.Number && r.TryGetInt32(out rank) && rank >= 1))
            throw new MalformedRecordException(path, line, $"\"rank\" as a whole number from 1 in {HitShape}", r.GetRawText());
        double score = count - index;
        if (Present(hit, "score", out var s) && !(s.ValueKind == JsonValueKind.Number && s.TryGetDouble(out score) && double.IsFinite(score)))
            throw new MalformedRecordException(path, line, $"\"score\" as a finite number in {HitShape}", s.GetRawText());
        string? content = null;
        if (Present(hit, "content", out var c))
            content = c.ValueKind == JsonValueKind.String ? c.GetString() : throw new MalformedRecordException(path, line, $"\"content\" as a string in {HitShape}", c.GetRawText());
        return new RankedHit
        {
            QueryId = queryId, QueryText = queryText, DocId = docId, Rank = rank, Score = score, Title = null, Text = content,
        };
    }

    /// <summary>A field that is there and not null.</summary>
    private static bool Present(JsonElement hit, string name, out JsonElement value) =>
        hit.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static string Id(string path, long line, JsonElement hit, string name)
    {
        if (hit.TryGetProperty(name, out var value))
        {
            if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text) return text;
            if (value.ValueKind == JsonValueKind.Number) return value.GetRawText();
        }
        throw new MalformedRecordException(path, line, $"\"{name}\" as a string or number in {HitShape}");
    }

    /// <summary>The line each hit object starts on, found by walking the element's tokens once.</summary>
    private static List<long> HitLines(JsonArrayScanner.Element element)
    {
        var lines = new List<long>();
        var reader = new Utf8JsonReader(element.Bytes);
        var countedTo = 0;
        var line = element.Line;
        int? hitsDepth = null;
        while (reader.Read())
        {
            if (hitsDepth is null && reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("hits"))
            {
                hitsDepth = 2;
                continue;
            }
            if (hitsDepth is { } depth && reader.CurrentDepth == depth && reader.TokenType is not JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                line += JsonArrayScanner.CountNewlines(element.Bytes.AsSpan(countedTo, start - countedTo));
                countedTo = start;
                lines.Add(line);
                reader.Skip();
            }
            else if (hitsDepth is not null && reader.CurrentDepth < 2 && reader.TokenType == JsonTokenType.EndArray)
            {
                break;
            }
        }
        return lines;
    }
}
