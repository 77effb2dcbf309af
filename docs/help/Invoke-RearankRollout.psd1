@{
    Synopsis    = 'Samples K responses per training row through a session and scores each with REARANK''s reward.'
    Description = @(
        'Invoke-RearankRollout sends each training row''s messages to the session -Samples times at -Temperature. Each sample gets its own seed derived from -Seed, so the same command reproduces every response. That holds exactly with a session opened with -MaxParallel 1. With several sequences in flight, llama.cpp''s batched kernels can differ in the last bits, and sampling can turn that into a different token. The session batches the samples like reranking windows. Each response is scored with Measure-RearankReward''s reward and emitted as a RolloutSample (query, row, sample, seed, response, reward parts, output tokens).'
        'At the end, -Verbose gives each row''s mean reward and reward histogram. The information stream gives the overall mean, histogram and format-failure rate. -Path writes every sample as JSONL: data for rejection sampling, and a way to compare a model before and after training.'
    )
    Parameters  = @{
        InputObject  = 'Training rows from Export-RearankTrainingSet -PassThru.'
        Session      = 'The model session, or the description of an open one (tab completes); the last one opened by default.'
        Qrels        = 'The judgments the rewards are computed against.'
        Samples      = 'Responses per row (default 8; REARANK trained with 32).'
        Temperature  = 'Sampling temperature (default 1.0).'
        Seed         = 'Base seed; sample k of row i uses a seed derived from it.'
        MaxNewTokens = 'Tokens per response (default 2048).'
        Path         = 'A JSONL file for the samples.'
    }
    Inputs      = @{ 'Rearank.Core.Training.TrainingRow' = 'Training rows.' }
    Outputs     = @{ 'Rearank.Core.Training.RolloutSample' = 'One per sampled response, with its reward.' }
    Examples    = @(
        @{
            Title   = 'How often does a model keep the format, and what does it earn?'
            Code    = 'Import-RearankCandidate dl19.json | Export-RearankTrainingSet ./out/dl19-train -Qrels qrels.dl19-passage.txt -PassThru | Select-Object -First 10 | Invoke-RearankRollout -Qrels qrels.dl19-passage.txt -Samples 8 -Path rollouts.jsonl -InformationAction Continue'
            Remarks = 'Prints the reward histogram and the format-failure rate over 80 samples.'
        }
        @{
            Title   = 'Keep only the best sample of each row (rejection sampling)'
            Code    = '$rows | Invoke-RearankRollout -Qrels qrels.txt -Samples 16 | Group-Object Index | ForEach-Object { $_.Group | Sort-Object { $_.Reward.Reward } -Descending | Select-Object -First 1 }'
            Remarks = 'One response per training row, the highest-rewarded, for supervised fine-tuning data.'
        }
    )
    Links       = @('Export-RearankTrainingSet', 'Measure-RearankReward', 'Open-RearankSession')
}
