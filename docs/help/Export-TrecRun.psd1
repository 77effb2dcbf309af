@{
    Synopsis    = 'Writes hits as a TREC run file that trec_eval reads in exactly the order received.'
    Description = @(
        'Export-TrecRun writes one line "qid Q0 docid rank score tag" per hit, UTF-8 without BOM, with LF line ends and culture-invariant numbers whatever the session culture. Ranks are renumbered from 1 within each query in the order the hits arrive.'
        'trec_eval sorts each query by score and breaks ties by document id, not by rank. So that the file means the order we produced, a score that does not fall below the previous one of its query (after rounding to -ScoreDecimals digits) is lowered by one unit of the last digit.'
        'Hits can be RankedHit objects or any objects with QueryId (alias qid, query-id), DocId (alias docno, pid, corpus-id) and Score properties, such as rows of Import-Csv. The lines of each query are flushed to disk before the next query starts, so a run interrupted with Ctrl+C keeps every finished query. An existing file is replaced only with -Force; a file name ending in .gz is written gzip-compressed.'
    )
    Parameters  = @{
        Path          = 'The run file to write.'
        InputObject   = 'A hit from Import-TrecRun, Import-RearankCandidate or a retrieval or reranking cmdlet.'
        QueryId       = 'The query id, when the input is not a RankedHit (bound by property name).'
        DocId         = 'The document id, when the input is not a RankedHit (bound by property name).'
        Score         = 'The score, when the input is not a RankedHit (bound by property name).'
        RunTag        = 'The tag written in the last column of every line. Without it each hit keeps its own tag, or "rearank".'
        ScoreDecimals = 'Digits after the decimal point in the score column (default 6, as Pyserini and rank_llm write).'
        Force         = 'Replace the file if it exists.'
        PassThru      = 'Also write each hit to the pipeline, to tee a run into another command.'
        WhatIf        = 'Show which file would be written without writing it.'
        Confirm       = 'Ask before writing the file.'
    }
    Inputs      = @{
        'Rearank.Core.Model.RankedHit' = 'Hits by value.'
        'System.Management.Automation.PSObject' = 'Any object with QueryId, DocId and Score properties (or their aliases).'
    }
    Outputs     = @{ 'Rearank.Core.Model.RankedHit' = 'With -PassThru, the hits that were received.' }
    Examples    = @(
        @{
            Title   = 'Convert a RankGPT candidate file into a run'
            Code    = 'Import-RearankCandidate retrieve_results_dl19_top100.json | Export-TrecRun dl19.bm25.txt -RunTag bm25 -Force'
            Remarks = 'Writes 4,300 lines with ranks 1-100 per query and strictly decreasing scores.'
        }
        @{
            Title   = 'Write a run from a CSV of hits'
            Code    = 'Import-Csv hits.csv | Export-TrecRun run.txt -RunTag mysystem'
            Remarks = 'Import-Csv rows bind by property name: a qid, docid and score column is all that is needed.'
        }
    )
    Links       = @('Import-TrecRun', 'Export-RankingCsv')
}
