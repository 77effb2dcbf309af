@{
    Synopsis    = 'Loads a GGUF chat model (REARANK-7B or any Qwen-style model) once, or connects to OpenAI-compatible servers, and makes it the default reranking session.'
    Description = @(
        'Open-RearankSession loads the weights through llama.cpp (LLamaSharp) and starts one decode loop that serves every reranking window. Up to -MaxParallel windows, from different queries, decode together in one batch, and each window may use -ContextSize tokens (prompt plus answer). The session returned becomes the default for Invoke-RearankRerank in this runspace; load a model once per script, not once per command. To use it from other runspaces (jobs, ForEach-Object -Parallel), pass it with -Session.'
        'Decoding is greedy by default, as REARANK is evaluated. Unless -NoGrammar is given, a GBNF grammar holds the model to <think>...</think> <answer>[i] > [j] ...</answer> with ids that exist in the window, and keeps the reasoning short enough that the answer always fits in -MaxNewTokens. llama.cpp''s own log goes to -Verbose (warnings) and -Debug (everything), never to the console.'
        'With -Endpoint and -Model the session sends each window to OpenAI-compatible servers instead, through the OpenAI .NET SDK. It sends the protocol''s messages with temperature 0 and the token limit, and keeps up to -MaxConcurrency windows in flight across the servers. It retries with doubling backoff on throttling, server errors, timeouts and broken replies, and rests a failing server for a while. A window that still fails keeps its order and is marked failed in its trace. The run goes on, and a summary warning counts such windows at the end.'
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
        Endpoint      = 'Remote: base URLs of OpenAI-compatible servers (vLLM, SGLang, llama.cpp server, Ollama), ending in /v1. Windows are spread across them; a failing one is rested and retried later.'
        Model         = 'Remote: the model name the servers serve (vLLM''s --served-model-name).'
        ApiKey        = 'Remote: the API key as a SecureString. Without it, REARANK_API_KEY or OPENAI_API_KEY is used if set; otherwise no Authorization header is sent. The key never appears in output, errors or traces.'
        MaxConcurrency = 'Remote: windows in flight at once, across all endpoints (default 32).'
        TimeoutSec    = 'Remote: seconds one request may take before it is retried (default 300).'
        MaxRetries    = 'Remote: further attempts after a 429, 5xx, timeout, dropped connection or malformed reply (default 3, with doubling backoff). A window that still fails keeps its order and the trace says why.'
    }
    Outputs     = @{
        'Rearank.Core.Inference.LlamaSession' = 'A local session: model name, options, chat template, load time, token counters.'
        'Rearank.Core.Inference.RemoteSession' = 'A remote session: model, endpoints, concurrency, token and failure counters.'
    }
    Examples    = @(
        @{
            Title   = 'Load REARANK-7B for reranking on a GPU'
            Code    = '$s = Open-RearankSession -ModelPath ./models/Rearank-7B-Q4_K_M.gguf -GpuLayerCount 99 -MaxParallel 16'
            Remarks = 'All 28 layers go to the GPU, and 16 queries'' windows decode together.'
        }
        @{
            Title   = 'Rerank through a vLLM server (or several)'
            Code    = 'Open-RearankSession -Endpoint http://gpu1:8000/v1, http://gpu2:8000/v1 -Model le723z/Rearank-7B -MaxConcurrency 64'
            Remarks = 'Invoke-RearankRerank then works unchanged; the reasoning comes from the answer text or from vLLM''s reasoning_content.'
        }
        @{
            Title   = 'Try the pipeline with a generated random model'
            Code    = 'New-RearankTestModel ./out/tiny.gguf -Force | Out-Null; Open-RearankSession ./out/tiny.gguf -ContextSize 16384'
            Remarks = 'A random model ranks at random, but runs every part of the real code.'
        }
    )
    Links       = @('Invoke-RearankRerank', 'Get-RearankSession', 'Close-RearankSession', 'New-RearankTestModel')
}
