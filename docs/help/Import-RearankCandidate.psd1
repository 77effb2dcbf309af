@{
    Synopsis    = 'Streams first-stage candidates with passage texts from RankGPT / rank_llm JSON files.'
    Description = @(
        'Import-RearankCandidate reads the layout RankGPT and rank_llm publish their BM25 top-100 lists in: [{"query": text, "hits": [{"qid", "docid", "rank", "score", "content"}, ...]}, ...]. Each hit becomes a RankedHit with QueryId, QueryText, DocId, Rank, Score and Text, so reranking can start from a published first stage without building an index of its corpus.'
        'The file is read one query at a time, whatever its size. A hit without a qid or docid is reported with the line it starts on and skipped; the other hits still flow. A JSON syntax error ends the file, since no later record can be located safely.'
    )
    Parameters  = @{
        Path = 'The candidate files to read. Wildcards are allowed; .gz files are decompressed on the fly.'
    }
    Inputs      = @{ 'System.String' = 'File paths, by value or by property name.' }
    Outputs     = @{ 'Rearank.Core.Model.RankedHit' = 'One object per candidate: QueryId, QueryText, DocId, Rank, Score and Text.' }
    Examples    = @(
        @{
            Title   = 'Count the queries and candidates of the TREC DL19 top-100 file'
            Code    = 'Import-RearankCandidate retrieve_results_dl19_top100.json | Group-Object QueryId | Measure-Object Count -Sum'
            Remarks = 'The DL19 file of RankGPT holds 43 queries of 100 candidates each: Count is 43 and Sum is 4300.'
        }
        @{
            Title   = 'Write the candidates as a TREC run for trec_eval'
            Code    = 'Import-RearankCandidate retrieve_results_dl19_top100.json | Export-TrecRun dl19.bm25.txt -RunTag bm25'
            Remarks = 'Keeps the published order of each query and renumbers ranks from 1.'
        }
    )
    Links       = @('Import-TrecRun', 'Export-TrecRun')
}
