using System.Text;
using Rearank.Core.Evaluation;
using Rearank.Core.IO;

namespace Rearank.Core.Tests.Evaluation;

/// <summary>The evaluator reads a run in any encoding the line readers take, so a file never means two things.</summary>
public sealed class RunEncodingTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32")]
    [InlineData("utf-8")]
    public void A_run_in_a_unicode_encoding_with_its_byte_order_mark_loads_as_its_utf8_twin(string encoding)
    {
        const string text = "q1 Q0 dé 1 2.5 tag\nq1 Q0 d2 2 1.5 tag\nq2 Q0 d3 1 9 tag\n";
        var path = temp.PathOf($"run-{encoding}.txt");
        var chosen = Encoding.GetEncoding(encoding);
        File.WriteAllBytes(path, [.. chosen.GetPreamble(), .. chosen.GetBytes(text)]);

        var run = RunLoader.Load(path);

        Assert.Equal(TrecRunReader.Read(path).Select(h => (h.QueryId, h.DocId)).ToList(),
            run.QueryIds.SelectMany(q => run.For(q).ToArray().Select(d => (q, run.DocId(d)))).ToList());
    }

    public void Dispose() => temp.Dispose();
}
