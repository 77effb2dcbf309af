@{
    Synopsis    = 'Streams the documents of a corpus file: BEIR corpus.jsonl, Pyserini JSONL or MS MARCO collection.tsv.'
    Description = @(
        'Import-RearankDocument reads a corpus one record at a time and writes a Document object (DocId, Title, Text) for each, so a corpus of millions of passages flows into New-Bm25Index or Where-Object in constant memory.'
        'Gzip-compressed files (.gz, or any file starting with the gzip magic bytes) are decompressed on the fly. With -Format Auto, a .tsv file is read as MS MARCO (pid TAB passage) and a JSONL record is read as BEIR when it has an "_id" field and as Pyserini when it has "id" and "contents".'
        'A record that does not fit the format is reported as a non-terminating error whose target names the file and line; the records around it still flow. Use -ErrorAction Stop to stop at the first bad record.'
    )
    Parameters  = @{
        Path   = 'The corpus files to read. Wildcards are allowed; FullName from Get-ChildItem binds by property name.'
        Format = 'The corpus layout: Auto (default), BeirJsonl, PyseriniJsonl or MsMarcoTsv.'
    }
    Inputs      = @{ 'System.String' = 'File paths, by value or by the property name Path or FullName.' }
    Outputs     = @{ 'Rearank.Core.Model.Document' = 'One object per document: DocId, Title (empty where the format has none) and Text.' }
    Examples    = @(
        @{
            Title   = 'Count the documents of the example collection'
            Code    = "Import-RearankDocument ./examples/data/corpus.jsonl | Measure-Object"
            Remarks = 'Reads the BEIR corpus shipped with the module''s examples and counts its 48 documents.'
        }
        @{
            Title   = 'Find passages that mention a word in a gzipped MS MARCO collection'
            Code    = "Import-RearankDocument collection.tsv.gz | Where-Object Text -match 'caffeine' | Select-Object -First 5"
            Remarks = 'The file is decompressed while it is read; only five matching passages are kept.'
        }
    )
    Links       = @('Import-RearankQuery', 'Import-RearankQrels')
}
