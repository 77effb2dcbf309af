using System.Text;

namespace Rearank.PowerShell.Tests.Support;

/// <summary>Small input files written on demand into a per-process scratch folder.</summary>
public static class Fixtures
{
    private static readonly TempDirectory Temp = new();

    public static string NewPath(string name) => Temp.PathOf($"{Guid.NewGuid():N}-{name}");

    public static string Write(string name, string text)
    {
        var path = NewPath(name);
        if (name.EndsWith(".gz")) Temp.Write(Path.GetFileName(path), text);
        else File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    /// <summary>Two queries in the RankGPT layout: q1 with three hits, q2 with one.</summary>
    public static string CandidateFile() => Write("candidates.json", """
        [
          {"query": "flea life cycle", "hits": [
            {"content": "A flea can live up to a year.", "qid": 1, "docid": "a", "rank": 1, "score": 3.5},
            {"content": "Fleas lay eggs.", "qid": 1, "docid": "b", "rank": 2, "score": 3.5},
            {"content": "Pets and fleas.", "qid": 1, "docid": "c", "rank": 3, "score": 1.25}
          ]},
          {"query": "wifi", "hits": [{"content": "Wi-Fi is a radio technology.", "qid": "2", "docid": "d", "rank": 1, "score": 9}]}
        ]
        """);
}
