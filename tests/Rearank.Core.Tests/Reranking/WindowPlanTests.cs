using Rearank.Core.Reranking;

namespace Rearank.Core.Tests.Reranking;

public sealed class WindowPlanTests
{
    [Theory]
    [InlineData(0, "")]
    [InlineData(1, "")]
    [InlineData(2, "[0,2)")]
    [InlineData(19, "[0,19)")]
    [InlineData(20, "[0,20)")]
    [InlineData(21, "[1,21) [0,11)")]
    [InlineData(35, "[15,35) [5,25) [0,15)")]
    [InlineData(100, "[80,100) [70,90) [60,80) [50,70) [40,60) [30,50) [20,40) [10,30) [0,20)")]
    [InlineData(101, "[80,100) [70,90) [60,80) [50,70) [40,60) [30,50) [20,40) [10,30) [0,20)")]
    public void Windows_run_back_to_front_with_the_last_clamped_to_the_top(int count, string windows) =>
        Assert.Equal(windows, string.Join(' ', WindowPlan.For(count)));

    [Fact]
    public void Depth_window_and_step_are_settable()
    {
        Assert.Equal("[30,50) [15,35) [0,20)", string.Join(' ', WindowPlan.For(200, window: 20, step: 15, depth: 50)));
        Assert.Equal("[90,100) [80,90) [70,80) [60,70) [50,60) [40,50) [30,40) [20,30) [10,20) [0,10)", string.Join(' ', WindowPlan.For(100, window: 10, step: 10)));
    }
}
