namespace Rearank.Core.IO;

/// <summary>The corpus layouts the field uses.</summary>
public enum DocumentFormat
{
    /// <summary>Decide from the file name and, for JSONL, from each record's fields.</summary>
    Auto,
    /// <summary>BEIR corpus.jsonl: {"_id", "title", "text"}.</summary>
    BeirJsonl,
    /// <summary>Pyserini JsonCollection: {"id", "contents"}.</summary>
    PyseriniJsonl,
    /// <summary>MS MARCO collection.tsv: pid TAB passage.</summary>
    MsMarcoTsv,
}
