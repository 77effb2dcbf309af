@{
    Synopsis    = 'Streams queries from BEIR queries.jsonl, a qid-TAB-text file, or TREC SGML topics.'
    Description = @(
        'Import-RearankQuery writes a Query object (QueryId, Text) for each query in the file, ready to pipe into Invoke-Bm25Search.'
        'With -Format Auto the first non-empty line decides: "{" is BEIR JSONL, "<top>" is a TREC topic file, anything else is qid TAB text (Anserini topics, MS MARCO queries.tsv). For TREC topics, -TopicField picks the title (default), description or narrative as the query text; a field may span several lines.'
        'A malformed record is reported as a non-terminating error naming the file and line, and the other queries still flow.'
    )
    Parameters  = @{
        Path       = 'The query files to read. Wildcards are allowed; .gz files are decompressed on the fly.'
        Format     = 'The layout: Auto (default), BeirJsonl, Tsv or TrecTopics.'
        TopicField = 'For TREC topics, the field that becomes the query text: Title (default), Description or Narrative.'
    }
    Inputs      = @{ 'System.String' = 'File paths, by value or by property name.' }
    Outputs     = @{ 'Rearank.Core.Model.Query' = 'One object per query: QueryId and Text.' }
    Examples    = @(
        @{
            Title   = 'List the example queries'
            Code    = 'Import-RearankQuery ./examples/data/queries.jsonl'
            Remarks = 'Shows the eight questions of the example collection as a table of QueryId and Text.'
        }
        @{
            Title   = 'Use the descriptions of TREC topics'
            Code    = 'Import-RearankQuery topics.301-450.txt -TopicField Description'
            Remarks = 'Reads <top> blocks and takes each <desc> field, without its "Description:" label, as the query text.'
        }
    )
    Links       = @('Import-RearankDocument', 'Import-RearankQrels')
}
