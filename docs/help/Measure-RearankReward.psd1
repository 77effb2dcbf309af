@{
    Synopsis    = 'Scores model responses with REARANK''s reinforcement-learning reward and shows its three parts.'
    Description = @(
        'Measure-RearankReward computes the reward REARANK was trained with (GRPO):'
        'reward = 0.8 × nDCG@10 gain + 0.1 × format_ok + 0.1 × ranking_format_ok'
        'format_ok is 1 when the whole response is <think>...</think> followed by <answer>...</answer>, with nothing before or after. ranking_format_ok is 1 when an <answer> block holds a ranking such as [3] > [1] > [2].'
        'The gain parses the answer block (or the whole response, when it has none) the way REARANK does, reorders the candidates, and compares the nDCG@10 of that order with the given order and with the ideal order: (after - given) / (best - given), or 0 when best equals given. nDCG@10 follows trec_eval (grades are the gains; the ideal comes from every judged document of the query) and is rounded to 5 decimals. The gain can be negative.'
    )
    Parameters  = @{
        Response  = 'Model responses to score; RawOutput from a trace window binds by property name.'
        Candidate = 'The window''s candidates (one query), in the order the model was shown them.'
        Qrels     = 'A qrels file (TREC or BEIR) or judgments from Import-RearankQrels.'
    }
    Inputs      = @{ 'System.String' = 'Responses.' }
    Outputs     = @{ 'Rearank.Core.Training.RewardResult' = 'Reward, gain, both format checks, the three nDCG@10 values and the permutation.' }
    Examples    = @(
        @{
            Title   = 'Score a hand-written answer for the first window of a query'
            Code    = '$window = Import-RearankCandidate dl19.json | Where-Object QueryId -eq 264014 | Select-Object -First 20; ''<think>...</think><answer>[3] > [1] > [2]</answer>'' | Measure-RearankReward -Candidate $window -Qrels qrels.dl19-passage.txt'
            Remarks = 'Passages 4-20 keep their order behind the three named ones, as REARANK''s parser does.'
        }
        @{
            Title   = 'Score what a model answered in a reranking run'
            Code    = '$hit = $run | Select-Object -First 1; $w = $hit.Trace.Windows[-1]; $w | Measure-RearankReward -Candidate ($candidates | Where-Object { $_.DocId -in $w.DocIds }) -Qrels qrels.txt'
            Remarks = 'The last window decided the top of the ranking; its RawOutput is scored against the passages it was shown.'
        }
    )
    Links       = @('Invoke-RearankRerank', 'Measure-RankingQuality')
}
