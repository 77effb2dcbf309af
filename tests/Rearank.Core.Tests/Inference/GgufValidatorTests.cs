using Rearank.Core.TestModels;
using Rearank.Core.Inference;
using Rearank.Tests.Shared;

namespace Rearank.Core.Tests.Inference;

/// <summary>Model files llama.cpp would assert on are refused before loading, with the reason.</summary>
public sealed class GgufValidatorTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private string Model(ModelShape shape)
    {
        var path = temp.PathOf($"{Guid.NewGuid():N}.gguf");
        RandomQwen2Model.Write(path, shape);
        return path;
    }

    [Fact]
    public void Generated_models_pass()
    {
        GgufValidator.Check(Model(ModelShape.Tiny));
        var scripted = temp.PathOf("scripted.gguf");
        ScriptedQwen2Model.Write(scripted, ["<think>", "ok", "</think>"]);
        GgufValidator.Check(scripted);
    }

    [Theory]
    [InlineData(0, 64, 4, "block_count is 0")]
    [InlineData(2, 60, 4, "head size 15 is odd")]
    [InlineData(2, 64, 3, "do not divide the width")]
    public void Shapes_llama_cpp_asserts_on_are_refused(int blocks, int width, int heads, string reason)
    {
        var path = Model(ModelShape.Tiny with { Blocks = blocks, Embedding = width, Heads = heads, KvHeads = 1 });
        var error = Assert.Throws<InvalidModelException>(() => GgufValidator.Check(path));
        Assert.Contains(reason, error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_truncated_file_is_refused_wherever_it_is_cut()
    {
        var bytes = File.ReadAllBytes(Model(ModelShape.Tiny));
        foreach (var cut in new[] { 0, 10, 100, 5_000, bytes.Length / 2, bytes.Length - 1 })
        {
            var path = temp.PathOf($"cut-{cut}.gguf");
            File.WriteAllBytes(path, bytes[..cut]);
            var error = Assert.Throws<InvalidModelException>(() => GgufValidator.Check(path));
            Assert.Contains("not a model llama.cpp can load", error.Message);
        }
    }

    [Fact]
    public void A_file_that_is_not_gguf_is_refused()
    {
        var path = temp.PathOf("text.gguf");
        File.WriteAllText(path, "this is not a model, just some text that is long enough");
        Assert.Contains("GGUF magic", Assert.Throws<InvalidModelException>(() => GgufValidator.Check(path)).Message);
    }

    public void Dispose() => temp.Dispose();
}
