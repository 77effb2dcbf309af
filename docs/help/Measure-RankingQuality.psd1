@{
    Synopsis    = 'Evaluates runs against relevance judgments the way trec_eval does: the same measures, names and numbers.'
    Description = @(
        'Measure-RankingQuality computes trec_eval''s measures for one or more runs and emits one MeasureValue (RunTag, QueryId, Measure, Value, QueryCount, Complete) per measure; QueryId is "all" for the aggregate. The measures are ndcg, ndcg_cut.k, map, map_cut.k, P.k, recall.k, recip_rank, Rprec, bpref, success.k, num_q, num_ret, num_rel and num_rel_ret, with trec_eval''s names, default cutoffs and parameter syntax (P.5,10; ndcg_cut.10; ndcg.1=3,2=9 remaps gains). Without -Metric it computes trec_eval''s default ("official") measures that we offer.'
        'As in trec_eval, documents are ordered by score descending with ties broken by document id descending; the rank column is ignored. A document twice in one query is an error. A run is evaluated on the queries it shares with the qrels, as trec_eval 9, pytrec_eval, Pyserini and the reranking papers do, and a warning lists the judged queries the run lacks; -Complete (trec_eval -c) instead averages over every judged query, scoring a missing one as an empty ranking. Every object says how many queries were averaged and whether -Complete was on.'
        'Runs come from the pipeline (hits of several runs are told apart by RunTag) or from -Run files, which are read directly and evaluated side by side. -AsTrecEval writes trec_eval''s own text lines instead of objects, byte for byte, for diffing against trec_eval output. A malformed qrels or run line is reported with its file and line; an unknown measure stops the command with the list of valid ones.'
    )
    Parameters  = @{
        InputObject    = 'Hits of the runs to evaluate, for example from Import-TrecRun or a reranker.'
        Run            = 'TREC run files to evaluate; each file is one run (its tag is the last column of its first line).'
        Qrels          = 'A qrels file (TREC four-column or BEIR TSV, gzip allowed) or judgments from Import-RearankQrels.'
        Metric         = 'trec_eval measure names, with parameters after a dot: ndcg_cut.10, map, recall.100, P.5,10, ndcg.1=3,2=9. Press Tab for suggestions.'
        RelevanceLevel = 'The lowest grade that counts as relevant (trec_eval -l, default 1). It does not change ndcg gains.'
        Complete       = 'Average over every judged query; a query missing from a run scores as an empty ranking (trec_eval -c).'
        Depth          = 'Evaluate only the top N documents of each query (trec_eval -M).'
        PerQuery       = 'Also emit each query''s values, before the aggregate (trec_eval -q).'
        AsTrecEval     = 'Write trec_eval''s text output (measure, query, value; tab separated) instead of objects.'
    }
    Inputs      = @{ 'Rearank.Core.Model.RankedHit' = 'Hits of the runs to evaluate.' }
    Outputs     = @{
        'Rearank.Core.Evaluation.MeasureValue' = 'One per measure and run (and per query with -PerQuery).'
        'System.String' = 'With -AsTrecEval, the lines trec_eval would print.'
    }
    Examples    = @(
        @{
            Title   = 'nDCG@10 and recall@100 of a run file, like trec_eval -m ndcg_cut.10 -m recall.100'
            Code    = 'Measure-RankingQuality -Run run.bm25.txt -Qrels qrels.dl19-passage.txt -Metric ndcg_cut.10, recall.100 -RelevanceLevel 2'
            Remarks = 'TREC DL counts grade 2 and above as relevant for recall; nDCG uses the grades as gains either way.'
        }
        @{
            Title   = 'Evaluate hits straight from the pipeline and keep the per-query values'
            Code    = 'Import-TrecRun run.txt | Measure-RankingQuality -Qrels ./examples/data/qrels/test.tsv -Metric ndcg_cut.10 -PerQuery | Where-Object QueryId -ne all | Sort-Object Value'
            Remarks = 'Lists the queries from worst to best nDCG@10.'
        }
        @{
            Title   = 'Compare two runs side by side and print trec_eval''s layout'
            Code    = 'Measure-RankingQuality -Run bm25.txt, rerank.txt -Qrels qrels.txt -Metric map, P.10 -AsTrecEval'
            Remarks = 'Each run''s lines are exactly what trec_eval -m map -m P.10 qrels.txt run.txt prints.'
        }
    )
    Links       = @('Compare-RankingRun', 'Import-RearankQrels', 'Import-TrecRun')
}
