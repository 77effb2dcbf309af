namespace Rearank.Core.IO;

/// <summary>The query (topic) layouts the field uses.</summary>
public enum QueryFormat
{
    /// <summary>Decide from the first non-empty line: '{' is JSONL, '&lt;top&gt;' is a TREC topic file, else TSV.</summary>
    Auto,
    /// <summary>BEIR queries.jsonl: {"_id", "text"}.</summary>
    BeirJsonl,
    /// <summary>qid TAB text (Anserini topics .tsv, MS MARCO queries.tsv).</summary>
    Tsv,
    /// <summary>TREC SGML topics: &lt;top&gt; &lt;num&gt; &lt;title&gt; &lt;desc&gt; &lt;narr&gt; &lt;/top&gt;.</summary>
    TrecTopics,
}

/// <summary>Which part of a TREC topic becomes the query text.</summary>
public enum TopicField
{
    Title,
    Description,
    Narrative,
}
