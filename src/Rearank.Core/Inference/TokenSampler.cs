using Rearank.Core.Model;
namespace Rearank.Core.Inference;

/// <summary>
/// Picks a token from logits the way llama.cpp's sampler chain does (top-k, top-p, min-p, temperature, then a
/// draw; at temperature 0 the highest logit, first on ties), for the steps the answer guard decides itself.
/// </summary>
public static class TokenSampler
{
    public static int Sample(ReadOnlySpan<float> logits, SamplingSettings settings, Random random)
    {
        if (settings.Temperature <= 0)
        {
            var best = 0;
            for (var i = 1; i < logits.Length; i++)
                if (logits[i] > logits[best]) best = i;
            return best;
        }
        var all = new int[logits.Length];
        for (var i = 0; i < all.Length; i++) all[i] = i;
        return SampleAmong(logits, all, settings, random);
    }

    /// <summary>The same choice restricted to <paramref name="tokens"/> (in ascending id order).</summary>
    public static int SampleAmong(ReadOnlySpan<float> logits, int[] tokens, SamplingSettings settings, Random random)
    {
        if (tokens.Length == 0) throw new ArgumentException("No token to choose from.", nameof(tokens));
        var copy = logits.ToArray();
        // Highest logit first; a stable sort keeps the lower id first on ties, as the greedy pick does.
        var order = tokens.OrderByDescending(t => copy[t]).ToArray();
        if (settings.Temperature <= 0) return order[0];
        if (settings.TopK > 0 && order.Length > settings.TopK) order = order[..settings.TopK];
        var max = copy[order[0]];
        var p = order.Select(t => Math.Exp(copy[t] - max)).ToArray();
        var sum = p.Sum();
        var keep = order.Length;
        if (settings.TopP < 1)
        {
            double cumulative = 0;
            for (var i = 0; i < order.Length; i++)
            {
                cumulative += p[i] / sum;
                if (cumulative >= settings.TopP) { keep = i + 1; break; }
            }
        }
        if (settings.MinP > 0)
            for (var i = 1; i < keep; i++)
                if (p[i] < settings.MinP * p[0]) { keep = i; break; }
        var weights = new double[keep];
        for (var i = 0; i < keep; i++) weights[i] = Math.Exp((copy[order[i]] - max) / settings.Temperature);
        var draw = random.NextDouble() * weights.Sum();
        for (var i = 0; i < keep; i++)
        {
            draw -= weights[i];
            if (draw <= 0) return order[i];
        }
        return order[keep - 1];
    }
}
