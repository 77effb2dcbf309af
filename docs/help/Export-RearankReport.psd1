@{
    Synopsis    = 'Writes one self-contained HTML report comparing runs: measures, per-query changes, significance, rankings and reasoning.'
    Description = @(
        'Export-RearankReport evaluates each run against the qrels and writes a single HTML file with its styles, its small paging script and its charts inline, so it opens offline. The file has these parts:'
        '- the measures of every run side by side;'
        '- for each run after the first (the baseline): its Compare-RankingRun results, and an inline SVG chart of each query''s change in nDCG@10, sorted by size, with wins green and losses red;'
        '- for every query, paged 20 at a time: the top 10 of each run with each passage''s judgment, and, for reranked hits, the model''s answer and reasoning for each window, so a reader can follow why a passage moved.'
        'Runs come from the pipeline, told apart by RunTag in order of appearance, and from -Run files.'
    )
    Parameters  = @{
        Path           = 'The HTML file to write.'
        InputObject    = 'Hits of the runs (for example BM25 hits and their reranked versions, with traces).'
        Run            = 'Run files to add after the pipeline''s runs.'
        Qrels          = 'A qrels file or judgments from Import-RearankQrels.'
        Metric         = 'Measures for the table (default ndcg_cut.10, map, recall.100); nDCG@10 is always included.'
        RelevanceLevel = 'The lowest grade that counts as relevant (trec_eval -l).'
        Complete       = 'Average over every judged query (trec_eval -c).'
        Depth          = 'Evaluate only the top N of each query (trec_eval -M).'
        Title          = 'The report''s title.'
        Force          = 'Replace an existing file.'
        WhatIf         = 'Show the file that would be written.'
        Confirm        = 'Ask before writing.'
    }
    Inputs      = @{ 'Rearank.Core.Model.RankedHit' = 'Hits of the runs.' }
    Outputs     = @{ 'System.IO.FileInfo' = 'The report file.' }
    Examples    = @(
        @{
            Title   = 'BM25 against its reranked version, with the reasoning'
            Code    = '$bm25 = Import-RearankQuery q.jsonl | Invoke-Bm25Search -Index ./idx -Top 100; @($bm25) + @($bm25 | Invoke-RearankRerank) | Export-RearankReport report.html -Qrels qrels.tsv'
            Remarks = 'The first run (bm25) is the baseline of the chart and the significance tests.'
        }
        @{
            Title   = 'Compare two run files'
            Code    = 'Export-RearankReport dl19.html -Run bm25.trec, rerank.trec -Qrels qrels.dl19-passage.txt -RelevanceLevel 2 -Force'
            Remarks = 'Run files carry no passages or traces; the per-query views then show ids and judgments only.'
        }
    )
    Links       = @('Measure-RankingQuality', 'Compare-RankingRun', 'Invoke-RearankRerank')
}
