using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Rearank.Core.Retrieval;

/// <summary>
/// The analyzer Anserini and Pyserini index and search with (DefaultEnglishAnalyzer): Unicode word tokens, English
/// possessives removed, lower-cased, Lucene's 33 English stop words dropped, Porter-stemmed.
/// </summary>
public sealed class AnseriniEnglishAnalyzer : Analyzer
{
    public const string Description = "Anserini DefaultEnglishAnalyzer: StandardTokenizer, EnglishPossessiveFilter, LowerCaseFilter, StopFilter (33 English stop words), PorterStemFilter";

    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.</summary>
    public static readonly IReadOnlyList<string> StopWords =
    [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of",
        "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
    ];

    private static readonly CharArraySet StopSet = new CharArraySet(Version, StopWords.ToList(), ignoreCase: false).AsReadOnly();

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream result = new EnglishPossessiveFilter(Version, source);
        result = new LowerCaseFilter(Version, result);
        result = new StopFilter(Version, result, StopSet);
        result = new PorterStemFilter(result);
        return new TokenStreamComponents(source, result);
    }

    /// <summary>The terms a text becomes, in order (repeats kept): what a query or a document is matched on.</summary>
    public IReadOnlyList<string> Analyze(string fieldName, string text)
    {
        var terms = new List<string>();
        using var stream = GetTokenStream(fieldName, new StringReader(text));
        var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) terms.Add(term.ToString());
        stream.End();
        return terms;
    }
}
