@{
    Synopsis    = 'Builds a BM25 index with Anserini''s analyzer and Lucene 9''s BM25 from documents in the pipeline or a corpus file.'
    Description = @(
        'New-Bm25Index indexes documents over Lucene.Net so that Invoke-Bm25Search ranks exactly as Anserini and Pyserini do. The searchable field "contents" holds title + " " + text, the BEIR "flat" layout. The analyzer is Anserini''s DefaultEnglishAnalyzer (StandardTokenizer, possessive removal, lower-casing, 33 English stop words, Porter stemming), and document lengths are stored with Lucene 9''s encoding. Each document''s raw title and text are kept in a document store beside the index, so search hits carry the passages a reranker reads.'
        'Documents come from Import-RearankDocument in the pipeline or, faster, from -CorpusPath files read directly. Analysis runs on every core (-ThrottleLimit), and progress shows documents/s. When the index is done, the command writes rearank-index.json with the analyzer, BM25 parameters, document and term counts and corpus files, and returns the same settings; Get-Bm25Index shows them later.'
        'An existing index is replaced only with -Force, and a folder that holds anything other than an index is never overwritten. Interrupting the command (Ctrl+C) or a failure removes the partial index. With -MultiField, title and text are also indexed separately, for BEIR multifield runs (Invoke-Bm25Search -Fields title=1,text=1).'
    )
    Parameters  = @{
        Path          = 'The folder for the index; it is created if it does not exist.'
        InputObject   = 'Documents from Import-RearankDocument.'
        CorpusPath    = 'Corpus files to index directly: BEIR corpus.jsonl, Pyserini JSONL or MS MARCO collection.tsv, gzip allowed.'
        MultiField    = 'Also make title and text searchable on their own, as Anserini''s BEIR multifield indexes do.'
        Force         = 'Replace an index that already exists at the path.'
        ThrottleLimit = 'Indexing threads; the default is every core.'
        WhatIf        = 'Show where the index would be built without building it.'
        Confirm       = 'Ask before building the index.'
    }
    Inputs      = @{ 'Rearank.Core.Model.Document' = 'Documents to index.' }
    Outputs     = @{ 'Rearank.Core.Retrieval.Bm25IndexInfo' = 'The settings of the new index: analyzer, k1, b, documents, total terms, fields, corpus files.' }
    Examples    = @(
        @{
            Title   = 'Index the example collection'
            Code    = 'Import-RearankDocument ./examples/data/corpus.jsonl | New-Bm25Index ./out/example-index -Force'
            Remarks = 'Indexes the 48 example documents and prints the index settings.'
        }
        @{
            Title   = 'Index BEIR SciFact straight from its corpus file'
            Code    = 'New-Bm25Index ./idx/scifact -CorpusPath ./scifact/corpus.jsonl -Verbose'
            Remarks = 'Reads the corpus on the side while both cores analyze: 5,183 documents and 838,084 terms (Anserini reports 838,128).'
        }
    )
    Links       = @('Invoke-Bm25Search', 'Get-Bm25Index', 'Import-RearankDocument')
}
