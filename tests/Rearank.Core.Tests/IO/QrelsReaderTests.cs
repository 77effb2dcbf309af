using Rearank.Core.IO;
using Rearank.Core.Model;


namespace Rearank.Core.Tests.IO;

public sealed class QrelsReaderTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public void Reads_trec_and_beir_qrels()
    {
        var trec = temp.Write("qrels.txt", "19335 Q0 1017759 0\n19335 0 1082489 3\n");
        var beir = temp.Write("test.tsv", "query-id\tcorpus-id\tscore\n1\t31715818\t1\n");

        Assert.Equal([new Judgment("19335", "1017759", 0), new Judgment("19335", "1082489", 3)], QrelsReader.Read(trec).ToList());
        Assert.Equal([new Judgment("1", "31715818", 1)], QrelsReader.Read(beir).ToList());
    }

    [Fact]
    public void Bad_lines_are_reported_with_their_numbers()
    {
        var path = temp.Write("test.tsv", "query-id\tcorpus-id\tscore\n1\td1\t1\n2\td2\thigh\n3\td3\n4\td4\t-1\n");
        var errors = new List<MalformedRecordException>();

        var judgments = QrelsReader.Read(path, onMalformed: errors.Add).ToList();

        Assert.Equal(["1", "4"], judgments.Select(j => j.QueryId));
        Assert.Equal([3L, 4L], errors.Select(e => e.LineNumber));
        Assert.Contains("integer relevance", errors[0].Message);
        Assert.Contains("3 columns", errors[1].Message);
    }

    [Theory]
    [InlineData(QrelsFormat.Trec, "qrels.txt")]
    [InlineData(QrelsFormat.BeirTsv, "qrels.tsv.gz")]
    public void Every_layout_round_trips(QrelsFormat format, string name)
    {
        Judgment[] judgments = [new("q1", "d1", 2), new("q1", "d2", 0), new("q2", "d1", -1)];
        var path = temp.PathOf(name);
        using (var writer = new QrelsWriter(TextFile.CreateText(path), format))
            foreach (var j in judgments) writer.Write(j);

        Assert.Equal(judgments, QrelsReader.Read(path).ToList());
    }

    [SharedDataFact]
    public void The_scifact_test_judgments_parse_in_both_layouts()
    {
        var beir = QrelsReader.Read(SharedData.PathOf("scifact/qrels/test.tsv")).ToList();
        var trec = QrelsReader.Read(SharedData.PathOf("scifact/anserini/qrels.beir-v1.0.0-scifact.test.txt")).ToList();

        Assert.Equal(339, beir.Count);
        Assert.Equal(300, beir.Select(j => j.QueryId).Distinct().Count());
        Assert.Equal(beir.ToHashSet(), trec.ToHashSet());
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_grade_too_large_to_be_real_is_reported_at_its_line()
    {
        var path = temp.Write("qrels.txt", "q1 0 d1 1\nq1 0 d2 2147483647\nq1 0 d3 2\n");
        var errors = new List<MalformedRecordException>();

        var judgments = QrelsReader.Read(path, onMalformed: errors.Add).ToList();

        Assert.Equal(["d1", "d3"], judgments.Select(j => j.DocId));
        Assert.Equal(2, Assert.Single(errors).LineNumber);
        Assert.Contains("at most 1,000", errors[0].Message);
        Assert.Throws<RearankException>(() => Rearank.Core.Evaluation.Qrels.From([new Judgment("q", "d", int.MaxValue)]));
    }
}
