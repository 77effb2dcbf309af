@{
    Synopsis    = 'Writes a Qwen2-architecture GGUF with random weights, for demos, tests and throughput measurements.'
    Description = @(
        'New-RearankTestModel writes a model with random weights, a byte-level BPE tokenizer and a ChatML chat template. It ranks at random, but it goes through exactly the loading, templating, batching, grammar and decoding code a real REARANK model does. That makes it useful where no model can be downloaded: continuous integration, demos, benchmarks.'
        'Tiny is about 450 KB (64 wide, 2 blocks) and loads in milliseconds. Qwen05B has the layer shapes of Qwen2.5-0.5B (896 wide, 24 blocks, 14/2 heads, a 151,936-token vocabulary), quantized to Q8_0 (about 530 MB), for throughput benchmarks.'
    )
    Parameters  = @{
        Path    = 'The GGUF file to write.'
        Shape   = 'Tiny (default) or Qwen05B.'
        Seed    = 'Seed of the random weights.'
        Force   = 'Replace an existing file.'
        WhatIf  = 'Show the file that would be written.'
        Confirm = 'Ask before writing.'
    }
    Outputs     = @{ 'System.IO.FileInfo' = 'The model file.' }
    Examples    = @(
        @{
            Title   = 'Rerank the example collection with a random model'
            Code    = 'New-RearankTestModel ./out/tiny.gguf -Force | Out-Null; Open-RearankSession ./out/tiny.gguf -ContextSize 16384 | Out-Null; Import-RearankQuery ./examples/data/queries.jsonl | Invoke-Bm25Search -Index ./out/example-index -Top 10 | Invoke-RearankRerank -WindowSize 5 -Step 3 -MaxNewTokens 128'
            Remarks = 'The order that comes out is random; the pipeline, traces and outputs are real.'
        }
        @{
            Title   = 'A model with Qwen2.5-0.5B''s shapes for throughput measurements'
            Code    = 'New-RearankTestModel ./out/random-05b.gguf -Shape Qwen05B -Force'
            Remarks = 'About 670 MB of random Q8_0 weights: the cost of every step is real, the answers are not.'
        }
    )
    Links       = @('Open-RearankSession', 'Invoke-RearankRerank')
}
