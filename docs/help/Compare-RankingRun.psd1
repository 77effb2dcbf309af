@{
    Synopsis    = 'Compares a run with a baseline query by query: wins, ties, losses, mean difference and significance tests.'
    Description = @(
        'Compare-RankingRun evaluates two runs on the same qrels and measures (as Measure-RankingQuality does) and compares them on the queries both were evaluated on. For each measure it reports both means, the mean difference, the numbers of queries the run wins, ties (a difference below 0.00005) and loses, a paired t-test and a paired randomization test (random sign flips of the per-query differences; p = (extreme + 1) / (permutations + 1)).'
        'The randomization test uses a fixed -Seed (default 42) and -Permutations (default 10,000), so its p-value is reproducible. When several measures are compared, p-values are adjusted with -Correction Holm (default) or Bonferroni; the unadjusted ones are kept in TTestP and RandomizationP.'
        'With -PerQuery the command emits each query''s baseline value, run value and difference, worst first, to find the queries that got worse.'
    )
    Parameters  = @{
        Baseline       = 'The baseline run: a run file, or hits such as the output of Import-TrecRun kept in a variable.'
        Run            = 'The run to compare: a run file, or hits.'
        InputObject    = 'Hits of the run to compare, from the pipeline (instead of -Run).'
        Qrels          = 'A qrels file (TREC four-column or BEIR TSV) or judgments from Import-RearankQrels.'
        Metric         = 'trec_eval measure names, with parameters after a dot (default ndcg_cut.10).'
        RelevanceLevel = 'The lowest grade that counts as relevant (trec_eval -l, default 1).'
        Complete       = 'Compare over every judged query, a missing one scoring as an empty ranking (trec_eval -c).'
        Depth          = 'Evaluate only the top N documents of each query (trec_eval -M).'
        Permutations   = 'Random sign flips of the randomization test (default 10,000).'
        Seed           = 'Seed of the randomization test (default 42).'
        Correction     = 'Adjustment for comparing several measures: Holm (default), Bonferroni or None.'
        PerQuery       = 'Emit the per-query differences, worst first, instead of the summary.'
    }
    Inputs      = @{ 'Rearank.Core.Model.RankedHit' = 'Hits of the run to compare.' }
    Outputs     = @{
        'Rearank.Core.Evaluation.Comparison.MeasureComparison' = 'One per measure: means, difference, wins/ties/losses, t-test and randomization p-values.'
        'Rearank.Core.Evaluation.Comparison.QueryDelta' = 'With -PerQuery, one per query and measure.'
    }
    Examples    = @(
        @{
            Title   = 'Is the reranked run significantly better than BM25?'
            Code    = 'Compare-RankingRun -Baseline bm25.trec -Run rerank.trec -Qrels qrels.dl19-passage.txt -Metric ndcg_cut.10, map -RelevanceLevel 2'
            Remarks = 'Two measures, so both p-values are Holm-adjusted; the W/T/L column counts queries improved, unchanged and hurt.'
        }
        @{
            Title   = 'Find the queries a reranker hurt most'
            Code    = 'Import-TrecRun rerank.trec | Compare-RankingRun -Baseline bm25.trec -Qrels qrels.txt -PerQuery | Select-Object -First 5'
            Remarks = 'The run comes from the pipeline; the per-query differences arrive worst first.'
        }
    )
    Links       = @('Measure-RankingQuality')
}
