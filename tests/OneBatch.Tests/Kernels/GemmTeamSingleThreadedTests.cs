using OneBatch.Kernels;
using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Tests.Kernels;

public sealed class GemmTeamSingleThreadedTests
{
    [Fact]
    public void TheScopeKeepsTheTeamAwayFromThisThreadOnlyAndNests()
    {
        Assert.False(GemmTeam.IsSingleThreaded);
        using (GemmTeam.SingleThreaded())
        {
            Assert.True(GemmTeam.IsSingleThreaded);
            Assert.False(GemmTeam.TryEnter());
            using (GemmTeam.SingleThreaded())
            {
                Assert.True(GemmTeam.IsSingleThreaded);
            }

            // The inner scope gives back what the outer one set.
            Assert.True(GemmTeam.IsSingleThreaded);
            bool other = true;
            var thread = new Thread(() => other = GemmTeam.IsSingleThreaded);
            thread.Start();
            thread.Join();
            Assert.False(other);
        }

        Assert.False(GemmTeam.IsSingleThreaded);
    }

    [Fact]
    public void OpeningAScopeAllocatesNothing()
    {
        using (GemmTeam.SingleThreaded())
        {
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            using var scope = GemmTeam.SingleThreaded();
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void AGemmBigEnoughForTheTeamGivesTheSameBitsInTheScope()
    {
        const int m = 256, n = 256, k = 256;
        var random = new RandomGenerator(3);
        float[] a = random.Uniform(new Shape(m, k)).ToArray();
        float[] b = random.Uniform(new Shape(k, n)).ToArray();
        var shared = new float[m * n];
        var alone = new float[m * n];
        Gemm.Multiply(a, false, b, false, shared, m, n, k);
        using (GemmTeam.SingleThreaded())
        {
            Gemm.Multiply(a, false, b, false, alone, m, n, k);
        }

        Assert.Equal(shared, alone);
    }
}
