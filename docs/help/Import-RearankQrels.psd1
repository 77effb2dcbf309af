@{
    Synopsis    = 'Streams relevance judgments from TREC qrels or BEIR qrels TSV files.'
    Description = @(
        'Import-RearankQrels writes a Judgment object (QueryId, DocId, Relevance) for each judgment. TREC qrels have four whitespace-separated columns (qid iteration docid relevance); BEIR qrels are tab-separated with a "query-id corpus-id score" header.'
        'With -Format Auto the first line decides: four columns is TREC, otherwise BEIR (the header, if present, is skipped). A line with the wrong number of columns or a relevance grade that is not an integer is reported with its file and line, and the other judgments still flow.'
    )
    Parameters  = @{
        Path   = 'The qrels files to read. Wildcards are allowed; .gz files are decompressed on the fly.'
        Format = 'The layout: Auto (default), Trec or BeirTsv.'
    }
    Inputs      = @{ 'System.String' = 'File paths, by value or by property name.' }
    Outputs     = @{ 'Rearank.Core.Model.Judgment' = 'One object per judgment: QueryId, DocId and the integer Relevance grade.' }
    Examples    = @(
        @{
            Title   = 'Count the judged documents per grade'
            Code    = 'Import-RearankQrels ./examples/data/qrels/test.tsv | Group-Object Relevance -NoElement'
            Remarks = 'Reads the BEIR qrels of the example collection and counts the judgments of each grade (0, 1, 2).'
        }
        @{
            Title   = 'Keep only the relevant documents of TREC DL19'
            Code    = 'Import-RearankQrels qrels.dl19-passage.txt | Where-Object Relevance -ge 2'
            Remarks = 'TREC deep learning qrels grade 0-3; grade 2 and above count as relevant for MAP and recall.'
        }
    )
    Links       = @('Import-RearankQuery', 'Import-TrecRun')
}
