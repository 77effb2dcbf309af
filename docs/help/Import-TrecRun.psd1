@{
    Synopsis    = 'Streams the hits of a TREC run file (qid Q0 docid rank score tag), or of a hits CSV, in file order.'
    Description = @(
        'Import-TrecRun writes a RankedHit object (QueryId, DocId, Rank, Score, RunTag) for each line of a six-column TREC run, as trec_eval, Anserini and Pyserini write them. Numbers are read culture-invariantly.'
        'A file whose name ends in .csv (or .csv.gz) is read as the CSV that Export-RankingCsv writes, including its text columns, so a CSV round-trips into the pipeline.'
        'A line with the wrong number of columns, a rank that is not an integer or a score that is not a finite number is reported with its file and line, and the other lines still flow.'
    )
    Parameters  = @{
        Path  = 'The run files to read. Wildcards are allowed; .gz files are decompressed on the fly.'
        Index  = 'A BM25 index (New-Bm25Index) to take each document''s title and text from, so the hits can be reranked.'
        Corpus = 'A corpus file (any Import-RearankDocument format) to take the texts from instead; it is read into memory, so prefer -Index for large corpora.'
    }
    Inputs      = @{ 'System.String' = 'File paths, by value or by property name.' }
    Outputs     = @{ 'Rearank.Core.Model.RankedHit' = 'One object per run line: QueryId, DocId, Rank, Score and RunTag (texts are empty for TREC runs).' }
    Examples    = @(
        @{
            Title   = 'Look at the top three documents of each query of a run'
            Code    = 'Import-TrecRun run.bm25.txt | Where-Object Rank -le 3 | Format-Table QueryId, Rank, DocId, Score'
            Remarks = 'Streams the run and keeps the first three ranks of every query.'
        }
        @{
            Title   = 'Read a published run with its passages, ready for reranking'
            Code    = 'Import-TrecRun run.bm25.txt -Index ./idx/scifact | Where-Object Rank -le 100'
            Remarks = 'Each hit gets the title and text of its document from the index''s document store.'
        }
        @{
            Title   = 'Re-tag and rewrite a run'
            Code    = 'Import-TrecRun run.bm25.txt.gz | Export-TrecRun run.bm25.tagged.txt -RunTag bm25-flat -Force'
            Remarks = 'Reads a gzipped run and writes it again with another run tag; the order of every query is kept.'
        }
    )
    Notes       = 'With -Index, a hit whose document is not in the index keeps empty texts, and one warning gives their count.'
    Links       = @('Export-TrecRun', 'Export-RankingCsv', 'Import-RearankCandidate')
}
