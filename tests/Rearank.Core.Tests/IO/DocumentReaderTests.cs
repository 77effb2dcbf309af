using Rearank.Core.IO;
using Rearank.Core.Model;


namespace Rearank.Core.Tests.IO;

public sealed class DocumentReaderTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public void Reads_beir_corpus_with_numeric_ids_and_unicode()
    {
        var path = temp.Write("corpus.jsonl",
            "{\"_id\": \"d1\", \"title\": \"Caf\\u00e9\", \"text\": \"Cr\u00e8me br\u00fbl\u00e9e\", \"metadata\": {}}\n" +
            "\n" +
            "{\"_id\": 42, \"title\": \"\", \"text\": \"second\"}\n");

        var documents = DocumentReader.Read(path).ToList();

        Assert.Equal([new Document("d1", "Café", "Crème brûlée"), new Document("42", "", "second")], documents);
    }

    [Fact]
    public void Reads_pyserini_jsonl_and_ms_marco_tsv()
    {
        var jsonl = temp.Write("pyserini.jsonl", "{\"id\": \"p1\", \"contents\": \"all the text\"}\n");
        var tsv = temp.Write("collection.tsv", "0\tThe presence of communication\n1\tsecond\tpassage with a tab\n");

        Assert.Equal([new Document("p1", null, "all the text")], DocumentReader.Read(jsonl).ToList());
        Assert.Equal([new Document("0", null, "The presence of communication"), new Document("1", null, "second\tpassage with a tab")],
            DocumentReader.Read(tsv).ToList());
    }

    [Fact]
    public void Bad_records_name_file_and_line_and_the_rest_still_flows()
    {
        var path = temp.Write("corpus.jsonl",
            "{\"_id\": \"a\", \"title\": \"\", \"text\": \"one\"}\n" +
            "{\"_id\": \"b\", \"title\": \"\"\n" +
            "{\"_id\": \"c\", \"title\": \"\"}\n" +
            "{\"_id\": \"d\", \"title\": \"\", \"text\": \"four\"}\n");
        var errors = new List<MalformedRecordException>();

        var documents = DocumentReader.Read(path, onMalformed: errors.Add).ToList();

        Assert.Equal(["a", "d"], documents.Select(d => d.DocId));
        Assert.Equal([2L, 3L], errors.Select(e => e.LineNumber));
        Assert.All(errors, e => Assert.Equal(path, e.FilePath));
        Assert.Contains("\"text\"", errors[1].Message);
        Assert.StartsWith($"{path}:3: expected", errors[1].Message);
    }

    [Fact]
    public void Without_a_handler_the_first_bad_record_throws()
    {
        var path = temp.Write("collection.tsv", "0\tfine\nno tab here\n");

        var error = Assert.Throws<MalformedRecordException>(() => DocumentReader.Read(path).ToList());

        Assert.Equal(2, error.LineNumber);
        Assert.Contains("pid<TAB>passage", error.Message);
    }

    [Fact]
    public void Gzip_is_read_by_its_magic_bytes()
    {
        var path = temp.Write("corpus.jsonl.gz", "{\"_id\": \"z\", \"title\": \"t\", \"text\": \"zipped\"}\n");

        Assert.Equal([new Document("z", "t", "zipped")], DocumentReader.Read(path).ToList());
    }

    [Theory]
    [InlineData(DocumentFormat.BeirJsonl, "corpus.jsonl")]
    [InlineData(DocumentFormat.PyseriniJsonl, "docs.jsonl")]
    [InlineData(DocumentFormat.MsMarcoTsv, "collection.tsv.gz")]
    public void Every_layout_round_trips(DocumentFormat format, string name)
    {
        // Only BEIR rows have a title field (empty here); the other layouts read back without one.
        var title = format == DocumentFormat.BeirJsonl ? "" : null;
        Document[] documents = [new("d1", title, "plain text"), new("d2", title, "quotes \" and \\ backslash, ünïcode ✓")];
        var path = temp.PathOf(name);
        using (var writer = new DocumentWriter(TextFile.CreateText(path), format))
            foreach (var d in documents) writer.Write(d);

        Assert.Equal(documents, DocumentReader.Read(path, format).ToList());
    }

    [SharedDataFact]
    public void The_complete_scifact_corpus_parses()
    {
        var documents = DocumentReader.Read(SharedData.PathOf("scifact/corpus.jsonl")).ToList();

        Assert.Equal(5183, documents.Count);
        Assert.Equal(5183, documents.Select(d => d.DocId).Distinct().Count());
        Assert.Equal("4983", documents[0].DocId);
        Assert.All(documents, d => Assert.False(string.IsNullOrEmpty(d.Text)));
    }

    public void Dispose() => temp.Dispose();
}
