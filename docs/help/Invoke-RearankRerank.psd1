@{
    Synopsis    = 'Reranks first-stage hits with REARANK''s listwise reasoning and keeps every window''s reasoning in a trace.'
    Description = @(
        'Invoke-RearankRerank groups consecutive hits by QueryId and reranks each query with the sliding window REARANK uses. The default is the top 100, windows of 20, a step of 10, back to front (9 model calls per query), each window seeing the order the previous one left. The prompt, passage formatting (title and content, 400 characters) and answer parsing follow REARANK''s code byte for byte; -Template picks the prompt (rearank, the thinking default; rankgpt, REARANK''s non-thinking prompt; rankgpt-original), and the choice is recorded in every trace.'
        'Many queries are in flight at once, so the session''s batch stays full, and each query''s hits stream out as soon as it is done. Each hit has its new Rank, a strictly decreasing Score (each position keeps the first-stage score of its slot), its OriginalRank and RetrievalScore, and a Trace. The trace lists every window: the passages it showed, the reasoning inside <think>, the raw answer, the permutation applied, whether the format was valid, prompt and output tokens, and seconds. -TracePath writes the same as one JSONL line per query.'
        'An answer that cannot be parsed keeps that window''s order and raises a warning. A query whose window does not fit the session''s context is reported as an error, and the other queries go on. Ctrl+C stops within a token or two; every query already emitted is complete. -ResumeFrom replays the queries of an earlier trace file from their recorded answers, so an interrupted evaluation only reranks what is left.'
        'Hits need a query text and passages. Invoke-Bm25Search and Import-RearankCandidate provide both. For Import-TrecRun, take the passages from -Index and the query texts from -QueryPath.'
    )
    Parameters  = @{
        InputObject          = 'Hits from Invoke-Bm25Search, Import-RearankCandidate or Import-TrecRun -Index, grouped by query (as they come).'
        Session              = 'The model session, or the description of an open one (tab completes; wildcards allowed); the most recently opened one by default.'
        WindowSize           = 'Passages per model call (default 20).'
        Step                 = 'How far each window moves up (default 10).'
        Depth                = 'How many of each query''s hits are reranked (default 100); the rest keep their places.'
        Template             = 'The prompt: rearank (thinking, default), rankgpt or rankgpt-original.'
        NoThinking           = 'Use REARANK''s non-thinking prompt (the same as -Template rankgpt).'
        MaxNewTokens         = 'Tokens the model may generate per window, reasoning included (default 2048).'
        MaxConcurrentQueries = 'Queries in flight at once; by default twice the session''s -MaxParallel.'
        TracePath            = 'A JSONL file for the traces, one line per query.'
        ResumeFrom           = 'A trace file from an earlier run: its queries are replayed, not reranked again. With the same file as -TracePath, new traces are appended to it.'
        RunTag               = 'The run tag of the reranked hits (default rearank), so they form a run of their own beside the first stage''s.'
        QueryPath            = 'A query file (any Import-RearankQuery format) giving texts to hits that carry none.'
    }
    Inputs      = @{ 'Rearank.Core.Model.RankedHit' = 'First-stage hits with passages.' }
    Outputs     = @{ 'Rearank.Core.Model.RankedHit' = 'The reranked hits, with OriginalRank, RetrievalScore and Trace.' }
    Examples    = @(
        @{
            Title   = 'BM25, then REARANK, then nDCG@10, in one pipeline'
            Code    = 'Import-RearankQuery topics.dl19-passage.txt | Invoke-Bm25Search -Index ./idx/msmarco -Top 100 | Invoke-RearankRerank -TracePath dl19.traces.jsonl | Tee-Object -Variable run | Export-TrecRun dl19.rearank.txt -RunTag rearank; $run | Measure-RankingQuality -Qrels qrels.dl19-passage.txt -Metric ndcg_cut.10'
            Remarks = 'Uses the default session. Every query''s reasoning is in dl19.traces.jsonl.'
        }
        @{
            Title   = 'Read one query''s reasoning'
            Code    = '$hits = Import-RearankCandidate retrieve_results_dl19_top100.json | Invoke-RearankRerank; $hits[0].Trace.Windows | Select-Object Start, End, Think, Answer, FormatValid'
            Remarks = 'Windows run back to front: the last one listed decided the top of the ranking.'
        }
        @{
            Title   = 'Resume an interrupted evaluation'
            Code    = 'Import-RearankCandidate dl19.json | Invoke-RearankRerank -TracePath dl19.jsonl -ResumeFrom dl19.jsonl | Export-TrecRun dl19.rearank.txt -Force'
            Remarks = 'Queries already in dl19.jsonl are replayed from their answers; only the rest call the model.'
        }
    )
    Links       = @('Open-RearankSession', 'Invoke-Bm25Search', 'Measure-RankingQuality')
}
