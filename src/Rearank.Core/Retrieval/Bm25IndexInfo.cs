using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rearank.Core.Retrieval;

/// <summary>
/// What an index was built with, written next to it as rearank-index.json so a run can always say which analyzer,
/// corpus and parameters it came from.
/// </summary>
public sealed record Bm25IndexInfo
{
    public const string FileName = "rearank-index.json";

    /// <summary>The layout of the index folder this version writes and reads.</summary>
    public const int CurrentFormat = 1;

    public int FormatVersion { get; init; } = CurrentFormat;
    public string Analyzer { get; init; } = AnseriniEnglishAnalyzer.Description;
    public string Similarity { get; init; } = "BM25 with Lucene 9 arithmetic (Anserini)";
    public float K1 { get; init; } = Lucene9Bm25Similarity.DefaultK1;
    public float B { get; init; } = Lucene9Bm25Similarity.DefaultB;
    public long DocumentCount { get; init; }

    /// <summary>Size of documents.dat when built, so a cut or emptied store is caught at open (0: not recorded).</summary>
    public long DocumentStoreBytes { get; init; }

    /// <summary>Tokens in the 'contents' field (Anserini's "total terms", a check that the analyzer matches).</summary>
    public long TotalTerms { get; init; }

    public IReadOnlyList<string> SearchableFields { get; init; } = [IndexFields.Contents];
    public IReadOnlyList<string> CorpusFiles { get; init; } = [];
    public DateTimeOffset Created { get; init; }
    public string Engine { get; init; } = "Lucene.Net 4.8";

    /// <summary>Where the index lives (not stored; filled in when read).</summary>
    [JsonIgnore]
    public string? Path { get; init; }

    public void Save(string indexPath) =>
        File.WriteAllText(System.IO.Path.Combine(indexPath, FileName), JsonSerializer.Serialize(this, Bm25IndexInfoJson.Default.Bm25IndexInfo) + "\n");

    /// <summary>Reads the settings of an index; throws <see cref="RearankException"/> when the folder is not one of ours.</summary>
    public static Bm25IndexInfo Load(string indexPath)
    {
        var file = System.IO.Path.Combine(indexPath, FileName);
        if (!Directory.Exists(indexPath))
            throw new IndexNotFoundException($"There is no index at '{indexPath}': the folder does not exist. Build one with New-Bm25Index.");
        if (!File.Exists(file))
            throw new IndexNotFoundException($"'{indexPath}' is not a Rearank BM25 index: {FileName} is missing. Build one with New-Bm25Index.");
        Bm25IndexInfo info;
        try
        {
            info = Parse(File.ReadAllBytes(file)) with { Path = indexPath };
        }
        catch (JsonException e)
        {
            throw new RearankException($"The settings of the index at '{indexPath}' ({FileName}) are unreadable: {e.Message}", e);
        }
        // A format this version does not know would be read wrongly, not refused later: say so now.
        if (info.FormatVersion != CurrentFormat)
            throw new RearankException($"The index at '{indexPath}' has FormatVersion {info.FormatVersion} in {FileName}; this version of the module reads {CurrentFormat}. Rebuild it with New-Bm25Index -Force, or use the module that built it.");
        if (info.SearchableFields is not { Count: > 0 } fields || fields.Any(string.IsNullOrEmpty) || info.CorpusFiles is null || info.Analyzer is null)
            throw new RearankException($"The settings of the index at '{indexPath}' ({FileName}) are damaged: SearchableFields, CorpusFiles and Analyzer must be set. Rebuild it with New-Bm25Index -Force.");
        return info;
    }

    /// <summary>
    /// Reads the settings as the serializer would (names as written, unknown ones ignored, a missing one left at its
    /// default), but from a JsonDocument: every search opens an index, and the serializer's first use in a fresh
    /// process (building its metadata, even a source-generated one's) was about a third of opening one.
    /// A test saves every property and reads it back, so a property added to the record but not here is caught.
    /// </summary>
    private static Bm25IndexInfo Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new JsonException($"expected an object, found {root.ValueKind}");
        var info = new Bm25IndexInfo();
        try
        {
            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value;
                info = property.Name switch
                {
                    nameof(FormatVersion) => info with { FormatVersion = value.GetInt32() },
                    nameof(Analyzer) => info with { Analyzer = StringOf(value)! },
                    nameof(Similarity) => info with { Similarity = StringOf(value)! },
                    nameof(K1) => info with { K1 = value.GetSingle() },
                    nameof(B) => info with { B = value.GetSingle() },
                    nameof(DocumentCount) => info with { DocumentCount = value.GetInt64() },
                    nameof(DocumentStoreBytes) => info with { DocumentStoreBytes = value.GetInt64() },
                    nameof(TotalTerms) => info with { TotalTerms = value.GetInt64() },
                    nameof(SearchableFields) => info with { SearchableFields = StringsOf(value)! },
                    nameof(CorpusFiles) => info with { CorpusFiles = StringsOf(value)! },
                    nameof(Created) => info with { Created = value.GetDateTimeOffset() },
                    nameof(Engine) => info with { Engine = StringOf(value)! },
                    _ => info,
                };
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new JsonException(e.Message, e);
        }
        return info;

        static string? StringOf(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetString();
        static string[]? StringsOf(JsonElement value) =>
            value.ValueKind == JsonValueKind.Null ? null : value.EnumerateArray().Select(item => StringOf(item)!).ToArray();
    }
}

/// <summary>
/// rearank-index.json's serializer, generated at compile time: every search opens an index, and reflection-based
/// serialization would first have to build its metadata in a fresh process.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Bm25IndexInfo))]
internal sealed partial class Bm25IndexInfoJson : JsonSerializerContext;

/// <summary>The path given is not an index (or not there at all).</summary>
public sealed class IndexNotFoundException(string message) : RearankException(message);
