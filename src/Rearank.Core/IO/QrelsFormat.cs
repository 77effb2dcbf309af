namespace Rearank.Core.IO;

/// <summary>The relevance judgment layouts the field uses.</summary>
public enum QrelsFormat
{
    /// <summary>BEIR when the first line is its header or has three columns, TREC when it has four.</summary>
    Auto,
    /// <summary>TREC qrels: qid iteration docid relevance, separated by whitespace.</summary>
    Trec,
    /// <summary>BEIR qrels/*.tsv: a header 'query-id corpus-id score', then qid TAB docid TAB score.</summary>
    BeirTsv,
}
