using OneBatch.Tensors;

namespace OneBatch.Tests.Tensors;

public sealed class RandomGeneratorTests
{
    [Fact]
    public void TheSameSeedGivesTheSameNumbers()
    {
        var a = new RandomGenerator(42);
        var b = new RandomGenerator(42);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(a.NextFloat(), b.NextFloat());
            Assert.Equal(a.NextNormal(), b.NextNormal());
            Assert.Equal(a.NextInt(-5, 17), b.NextInt(-5, 17));
        }

        Assert.Equal(new RandomGenerator(7).Uniform(new Shape(10)).ToArray(), new RandomGenerator(7).Uniform(new Shape(10)).ToArray());
    }

    [Fact]
    public void DifferentSeedsGiveDifferentNumbers()
    {
        var a = new RandomGenerator(1).Uniform(new Shape(100)).ToArray();
        var b = new RandomGenerator(2).Uniform(new Shape(100)).ToArray();
        var c = new RandomGenerator(-1).Uniform(new Shape(100)).ToArray();
        Assert.True(a.Zip(b).Count(p => p.First == p.Second) < 3);
        Assert.True(a.Zip(c).Count(p => p.First == p.Second) < 3);
    }

    [Fact]
    public void UniformStaysInItsRangeAndFillsIt()
    {
        var values = new RandomGenerator(3).Uniform(new Shape(20000), -2f, 3f).ToArray();
        Assert.True(values.All(v => v >= -2f && v < 3f));
        Assert.True(values.Min() < -1.99f);
        Assert.True(values.Max() > 2.99f);
        Assert.InRange(values.Average(), 0.45, 0.55);

        var unit = new RandomGenerator(4);
        for (int i = 0; i < 20000; i++)
        {
            float f = unit.NextFloat();
            Assert.True(f >= 0f && f < 1f);
        }
    }

    [Fact]
    public void NextIntStaysInItsBoundsAndHitsEveryValue()
    {
        var random = new RandomGenerator(5);
        var counts = new int[7];
        for (int i = 0; i < 7000; i++)
        {
            int v = random.NextInt(-3, 4);
            Assert.InRange(v, -3, 3);
            counts[v + 3]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
        Assert.Equal(9, random.NextInt(9, 10));
        Assert.Throws<ArgumentException>(() => random.NextInt(3, 3));
        Assert.Throws<ArgumentException>(() => random.NextInt(4, 3));
    }

    [Fact]
    public void NormalHasMeanZeroAndStddevOne()
    {
        var random = new RandomGenerator(6);
        const int n = 40000;
        double sum = 0, sumSquares = 0;
        int beyond3 = 0;
        for (int i = 0; i < n; i++)
        {
            double v = random.NextNormal();
            sum += v;
            sumSquares += v * v;
            beyond3 += Math.Abs(v) > 3 ? 1 : 0;
        }

        double mean = sum / n;
        double std = Math.Sqrt((sumSquares / n) - (mean * mean));
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(std, 0.98, 1.02);
        Assert.InRange(beyond3, 50, 170); // 0.27% of 40000 is 108

        var t = new RandomGenerator(7).Normal(new Shape(20000), mean: 5f, stddev: 0.5f).ToArray();
        Assert.InRange(t.Average(), 4.98, 5.02);
    }

    [Fact]
    public void IntegersAreWholeNumbersInRange()
    {
        var t = new RandomGenerator(8).Integers(new Shape(500), 0, 3).ToArray();
        Assert.All(t, v => Assert.Contains(v, new[] { 0f, 1f, 2f }));
    }
}
