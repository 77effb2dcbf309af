@{
    Synopsis    = 'Writes hits as CSV with a header: QueryId, DocId, Rank, Score, RunTag, QueryText, Title, Text.'
    Description = @(
        'Export-RankingCsv writes one CSV row per hit for spreadsheets, pandas or a later Import-TrecRun. Numbers are culture-invariant (a de-DE session still writes 12.5, not 12,5); text is quoted where needed and written as it is, so the file reads back to the same hits.'
        'Ranks are renumbered from 1 within each query in the order the hits arrive, as in Export-TrecRun. Hits can be RankedHit objects or any objects with QueryId, DocId and Score properties. The rows of each query are flushed before the next query starts, so an interrupted export keeps every finished query. An existing file is replaced only with -Force; a name ending in .gz is written gzip-compressed.'
    )
    Parameters  = @{
        Path        = 'The CSV file to write.'
        InputObject = 'A hit from Import-TrecRun, Import-RearankCandidate or a retrieval or reranking cmdlet.'
        QueryId     = 'The query id, when the input is not a RankedHit (bound by property name).'
        DocId       = 'The document id, when the input is not a RankedHit (bound by property name).'
        Score       = 'The score, when the input is not a RankedHit (bound by property name).'
        QueryText   = 'The query text, when the input is not a RankedHit (bound by property name).'
        Title       = 'The document title, when the input is not a RankedHit (bound by property name).'
        Text        = 'The document text, when the input is not a RankedHit (bound by property name).'
        RunTag      = 'The run tag, when the input is not a RankedHit (bound by property name).'
        Force       = 'Replace the file if it exists.'
        PassThru    = 'Also write each hit to the pipeline.'
        WhatIf      = 'Show which file would be written without writing it.'
        Confirm     = 'Ask before writing the file.'
    }
    Inputs      = @{ 'Rearank.Core.Model.RankedHit' = 'Hits by value, or any object with QueryId, DocId and Score properties.' }
    Outputs     = @{ 'Rearank.Core.Model.RankedHit' = 'With -PassThru, the hits that were received.' }
    Examples    = @(
        @{
            Title   = 'Save candidates with their passages for a spreadsheet'
            Code    = 'Import-RearankCandidate retrieve_results_dl19_top100.json | Where-Object Rank -le 10 | Export-RankingCsv dl19.top10.csv'
            Remarks = 'Writes the ten best candidates of every query with the query text and passage text.'
        }
        @{
            Title   = 'Round-trip a CSV back into a run'
            Code    = 'Import-TrecRun dl19.top10.csv | Export-TrecRun dl19.top10.txt -RunTag bm25'
            Remarks = 'Import-TrecRun reads a .csv written by Export-RankingCsv as hits.'
        }
    )
    Links       = @('Export-TrecRun', 'Import-TrecRun')
}
