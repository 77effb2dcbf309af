@{
    Synopsis    = 'Builds REARANK training windows from candidates and qrels and writes them as verl Parquet and TRL JSONL.'
    Description = @(
        'Export-RearankTrainingSet groups first-stage hits by query and cuts windows of -WindowSize candidates. Only windows holding at least one judged-relevant passage are kept, since the reward has nothing to teach from the others. -WindowsPerQuery adds further windows, each half a window further down. -Shuffle shuffles each window''s order, with the order fixed by -Seed. Each row holds the protocol''s chat messages for the window, the candidate ids and their grades, the query id, and the nDCG@10 of the given order and of the ideal order.'
        'Queries, never windows, are split into train and validation (-ValidationFraction), with a hash that is stable across machines. The command writes train.parquet and validation.parquet in the column layout verl''s GRPO recipes read (data_source, prompt as a list of role/content messages, ability, reward_model with style and ground_truth, extra_info), and train.jsonl and validation.jsonl with a conversational "prompt" for TRL. docs/training.md describes both layouts.'
    )
    Parameters  = @{
        InputObject        = 'First-stage hits with passages, grouped by query.'
        Qrels              = 'A qrels file or judgments from Import-RearankQrels (for SciFact, qrels/train.tsv).'
        Path               = 'The folder for train/validation .parquet and .jsonl.'
        WindowSize         = 'Candidates per window (default 20).'
        WindowsPerQuery    = 'Windows per query (default 1, the top window).'
        Shuffle            = 'Shuffle each window''s order.'
        Seed               = 'Seed for shuffles and the split (default 42).'
        ValidationFraction = 'Share of queries in the validation split (default 0.1).'
        DataSource         = 'The data_source column (default rearank).'
        QueryPath          = 'Query texts for hits that carry none.'
        Force              = 'Replace existing files.'
        PassThru           = 'Emit the training rows, for Invoke-RearankRollout, instead of a summary.'
        WhatIf             = 'Show where the files would be written.'
        Confirm            = 'Ask before writing.'
    }
    Inputs      = @{ 'Rearank.Core.Model.RankedHit' = 'Candidates.' }
    Outputs     = @{ 'System.Management.Automation.PSObject' = 'A summary: rows and queries per split.'; 'Rearank.Core.Training.TrainingRow' = 'With -PassThru, the rows.' }
    Examples    = @(
        @{
            Title   = 'A SciFact training set from BM25 candidates'
            Code    = 'Import-RearankQuery ./scifact/queries.jsonl | Invoke-Bm25Search -Index ./idx/scifact -Top 20 -RemoveQuery | Export-RearankTrainingSet ./out/scifact-train -Qrels ./scifact/qrels/train.tsv -WindowsPerQuery 2 -Shuffle'
            Remarks = 'Queries without judgments in train.tsv (the test queries) produce no rows.'
        }
        @{
            Title   = 'Rows for a rollout check instead of files only'
            Code    = 'Import-RearankCandidate dl19.json | Export-RearankTrainingSet ./out/dl19-train -Qrels qrels.dl19-passage.txt -PassThru -Force | Select-Object -First 5 | Format-Table QueryId, Split, InitialNdcg, IdealNdcg'
            Remarks = 'The files are written as usual; -PassThru also emits the rows, ready for Invoke-RearankRollout.'
        }
    )
    Links       = @('Invoke-RearankRollout', 'Measure-RearankReward')
}
