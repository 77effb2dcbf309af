using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>Streams the documents of a corpus file, one record in memory at a time.</summary>
public static class DocumentReader
{
    public static IEnumerable<Document> Read(string path, DocumentFormat format = DocumentFormat.Auto, MalformedRecordHandler? onMalformed = null)
    {
        if (format == DocumentFormat.Auto) format = Detect(path);
        return LineRecords.Read(path,
            line => format == DocumentFormat.MsMarcoTsv ? ParseTsv(path, line) : ParseJson(path, line, format), onMalformed);
    }

    /// <summary>TSV by its name (collection.tsv, .tsv.gz); anything else is JSONL, told apart per record.</summary>
    public static DocumentFormat Detect(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".gz")) name = name[..^3];
        return name.EndsWith(".tsv") || name.EndsWith(".txt") ? DocumentFormat.MsMarcoTsv : DocumentFormat.Auto;
    }

    private static Document ParseTsv(string path, NumberedLine line)
    {
        var tab = line.Text.IndexOf('\t');
        if (tab <= 0)
            throw new MalformedRecordException(path, line.Number, "'pid<TAB>passage' (MS MARCO collection.tsv)", line.Text);
        return new Document(line.Text[..tab], null, line.Text[(tab + 1)..]);
    }

    private static Document ParseJson(string path, NumberedLine line, DocumentFormat format)
    {
        const string expected = "BEIR {\"_id\", \"title\", \"text\"}, Pyserini {\"id\", \"contents\"} or BRIGHT {\"id\", \"content\"}";
        using var json = JsonLine.Parse(path, line, expected);
        var isBeir = format == DocumentFormat.BeirJsonl || (format == DocumentFormat.Auto && json.Has("_id"));
        if (isBeir)
            return new Document(json.RequiredId("_id"), json.Optional("title"), json.RequiredText("text"));
        if (format == DocumentFormat.Auto && !json.Has("id"))
            throw new MalformedRecordException(path, line.Number, $"an \"_id\" or \"id\" field ({expected})", line.Text);
        // BRIGHT's published documents say "content"; Pyserini's collections "contents".
        if (format == DocumentFormat.Auto && !json.Has("contents") && json.Has("content"))
            return new Document(json.RequiredId("id"), json.Optional("title"), json.RequiredText("content"));
        // Pyserini keeps the title inside "contents"; a separate "title" field is honoured when a collection has one.
        return new Document(json.RequiredId("id"), json.Optional("title"), json.RequiredText("contents"));
    }
}
