@{
    Synopsis    = 'Searches a BM25 index for each query and emits ranked hits, the same first stage as Anserini and Pyserini.'
    Description = @(
        'Invoke-Bm25Search turns each query into Anserini''s bag-of-words query: one optional term per distinct analyzed term, boosted by its count. It scores with Lucene 9''s BM25 (k1 0.9 and b 0.4 by default, as Anserini uses) and keeps the top -Top documents, breaking ties by document id. It then applies Anserini''s tie adjustment (scores rounded to four decimals, a tie lowered by 1e-6 per place). The hits come out in the order trec_eval reads Anserini''s run in, so evaluating them gives Anserini''s published numbers: on BEIR SciFact, nDCG@10 0.6789 and R@100 0.9253.'
        'Each hit is a RankedHit (QueryId, QueryText, DocId, Rank, Score, Title, Text, RunTag). Queries are searched in parallel batches, and the hits come out in the order the queries came in. A query can be a Query from Import-RearankQuery, any object with QueryId and Text (or qid and query) properties, or a plain string (numbered 1, 2, ...).'
        'A query with no searchable terms (empty, or stop words only) gives no hits and a warning. A missing index stops the command with ObjectNotFound, and a damaged one with InvalidData.'
    )
    Parameters  = @{
        Index         = 'The index folder built by New-Bm25Index.'
        InputObject   = 'The queries: Query objects, objects with QueryId and Text, or strings.'
        Top           = 'Hits per query (default 100).'
        K1            = 'BM25 term saturation (default 0.9, Anserini''s).'
        B             = 'BM25 length normalization (default 0.4, Anserini''s).'
        RemoveQuery   = 'Drop a hit whose document id equals the query id (Anserini -removeQuery, used for BEIR).'
        Fields        = 'Fields and weights to search instead of contents, as field=weight: ''title=1.0'', ''text=1.0'' (needs an index built with -MultiField).'
        RunTag        = 'The run tag of the hits (default bm25).'
        NoText        = 'Leave Title and Text empty: faster for deep runs that are only evaluated.'
        ThrottleLimit = 'Queries searched at once; the default is every core.'
    }
    Inputs      = @{ 'Rearank.Core.Model.Query' = 'Queries; objects with QueryId and Text, and strings, are accepted too.' }
    Outputs     = @{ 'Rearank.Core.Model.RankedHit' = 'Ranked hits with the document texts.' }
    Examples    = @(
        @{
            Title   = 'Search the example collection and evaluate the run'
            Code    = 'Import-RearankQuery ./examples/data/queries.jsonl | Invoke-Bm25Search -Index ./out/example-index -Top 10 | Measure-RankingQuality -Qrels ./examples/data/qrels/test.tsv -Metric ndcg_cut.10'
            Remarks = 'The BM25 first stage and trec_eval''s nDCG@10 in one pipeline.'
        }
        @{
            Title   = 'Reproduce Anserini''s BEIR SciFact BM25 run'
            Code    = 'Import-RearankQuery topics.beir-v1.0.0-scifact.test.tsv.gz | Invoke-Bm25Search -Index ./idx/scifact -Top 1000 -RemoveQuery -NoText | Export-TrecRun run.scifact.bm25.txt -RunTag bm25-flat'
            Remarks = 'The run evaluates (trec_eval -c) to nDCG@10 0.6789, R@100 0.9253, R@1000 0.9767.'
        }
        @{
            Title   = 'Ask a question in plain text'
            Code    = '''how long should sourdough rise'' | Invoke-Bm25Search -Index ./out/example-index -Top 3 | Format-Table Rank, DocId, Score, Title'
            Remarks = 'A string becomes query 1.'
        }
    )
    Links       = @('New-Bm25Index', 'Import-RearankQuery', 'Measure-RankingQuality')
}
