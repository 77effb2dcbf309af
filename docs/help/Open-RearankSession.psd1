@{
    Synopsis    = 'Loads a GGUF chat model (REARANK-7B or any Qwen-style model) once and makes it the default reranking session.'
    Description = @(
        'Open-RearankSession loads the weights through llama.cpp (LLamaSharp) and starts one decode loop that serves every reranking window. Up to -MaxParallel windows, from different queries, decode together in one batch, and each window may use -ContextSize tokens (prompt plus answer). The session returned becomes the default for Invoke-RearankRerank; load a model once per script, not once per command.'
        'Decoding is greedy by default, as REARANK is evaluated. Unless -NoGrammar is given, a GBNF grammar holds the model to <think>...</think> <answer>[i] > [j] ...</answer> with ids that exist in the window, and keeps the reasoning short enough that the answer always fits in -MaxNewTokens. llama.cpp''s own log goes to -Verbose (warnings) and -Debug (everything), never to the console.'
        'A missing model file stops the command with ObjectNotFound. A damaged GGUF, one without a chat template, or missing llama.cpp natives stop it with InvalidData and say which.'
    )
    Parameters  = @{
        ModelPath     = 'The GGUF file (for example a Q4_K_M or Q8_0 conversion of le723z/Rearank-7B).'
        ContextSize   = 'Tokens each window may use, prompt and answer together (default 8192; a REARANK window of 20 passages needs about 3,000 plus 2,048).'
        GpuLayerCount = 'Layers to offload to the GPU; needs a module built with -Backend Cuda12. 0 runs on the CPU.'
        Threads       = 'CPU threads for llama.cpp; by default every core.'
        MaxParallel   = 'Windows (of different queries) decoded together in one batch (default 4).'
        Seed          = 'Sampling seed (default 42); only matters with -Temperature above 0.'
        Temperature   = 'Sampling temperature; 0 (the default) is greedy decoding.'
        NoGrammar     = 'Let the model write freely; its answer is still parsed as REARANK parses it.'
    }
    Outputs     = @{ 'Rearank.Core.Inference.LlamaSession' = 'The session: model name, options, chat template, load time, token counters.' }
    Examples    = @(
        @{
            Title   = 'Load REARANK-7B for reranking on a GPU'
            Code    = '$s = Open-RearankSession -ModelPath ./models/Rearank-7B-Q4_K_M.gguf -GpuLayerCount 99 -MaxParallel 16'
            Remarks = 'All 28 layers go to the GPU, and 16 queries'' windows decode together.'
        }
        @{
            Title   = 'Try the pipeline with a generated random model'
            Code    = 'New-RearankTestModel ./out/tiny.gguf -Force | Out-Null; Open-RearankSession ./out/tiny.gguf -ContextSize 16384'
            Remarks = 'A random model ranks at random, but runs every part of the real code.'
        }
    )
    Links       = @('Invoke-RearankRerank', 'Get-RearankSession', 'Close-RearankSession', 'New-RearankTestModel')
}
