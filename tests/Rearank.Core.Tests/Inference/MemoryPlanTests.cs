using Rearank.Core.Inference;
using Rearank.Core.TestModels;

namespace Rearank.Core.Tests.Inference;

/// <summary>The KV cache a session will hold, planned from the model file, shown, and refused where it cannot fit.</summary>
public sealed class MemoryPlanTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public void A_session_shows_the_kv_cache_it_allocates_for_its_context_and_windows()
    {
        var path = temp.PathOf("tiny.gguf");
        RandomQwen2Model.Write(path, ModelShape.Tiny);

        using var session = LlamaSession.Open(new LlamaSessionOptions { ModelPath = path, ContextSize = 1024, MaxParallel = 3 });

        // Tiny: 2 layers × 2 KV heads × head size 16 × (key + value) × 2 bytes = 256 bytes per cell; 1,024 × 3 cells.
        Assert.Equal(1024L * 3 * 256, session.KvCacheBytes);
        Assert.Equal(1024 * 3, session.Memory!.ContextCells);
        Assert.InRange(session.Memory.WeightBytes, new FileInfo(path).Length * 9 / 10, new FileInfo(path).Length);   // the tensor data, not the header
    }

    [Fact]
    public void The_plan_of_rearank_7b_at_8192_tokens_and_16_windows_is_7_gib_of_cache()
    {
        // Qwen2.5-7B: 28 layers, 4 KV heads of 128: 57,344 bytes (56 KiB) per token, as the README says.
        var shape = new ModelFileShape(Blocks: 28, KvHeads: 4, HeadSize: 128, WeightBytes: 4_300_000_000);
        var plan = MemoryPlan.For(shape, new LlamaSessionOptions { ModelPath = "m.gguf", ContextSize = 8192, MaxParallel = 16 });

        Assert.Equal(57_344, shape.KvBytesPerToken);
        Assert.Equal(8192L * 16 * 57_344, plan.KvCacheBytes);
        Assert.Equal("7.00 GiB", MemoryPlan.Gb(plan.KvCacheBytes));
    }

    [Fact]
    public void A_cache_larger_than_the_available_memory_is_refused_before_llama_cpp_allocates_it()
    {
        var path = temp.PathOf("tiny.gguf");
        RandomQwen2Model.Write(path, ModelShape.Tiny);
        var available = MemoryPlan.AvailableBytes()!.Value;
        // Twice what the machine has, in Tiny's 256-byte cells: the plan is measured against this machine, not a constant.
        var parallel = (int)Math.Min(int.MaxValue / 65_536, available * 2 / (65_536L * 256) + 1);

        var error = Assert.Throws<SessionMemoryException>(() =>
            LlamaSession.Open(new LlamaSessionOptions { ModelPath = path, ContextSize = 65_536, MaxParallel = parallel }));

        Assert.Contains("needs a KV cache of", error.Message);
        Assert.Contains("available", error.Message);
        Assert.Contains("Lower -MaxParallel", error.Message);
    }

    public void Dispose() => temp.Dispose();
}
