using OneBatch.Initializers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Initializers;

public sealed class OrthogonalTests
{
    [Theory]
    [InlineData(new[] { 8, 8 }, 1f)]
    [InlineData(new[] { 128, 512 }, 1f)] // an LSTM's recurrent kernel [units, 4 units]: wide, orthonormal rows
    [InlineData(new[] { 30, 7 }, 1f)] // tall: orthonormal columns
    [InlineData(new[] { 5, 16 }, 2.5f)]
    [InlineData(new[] { 3, 2, 4 }, 1f)] // [3 * 2, 4]
    [InlineData(new[] { 1, 1 }, 1f)]
    [InlineData(new[] { 150, 200 }, 1f)] // three blocks of rows, the last one short
    [InlineData(new[] { 300, 129 }, 0.5f)] // tall, one column past two full blocks
    public void TheProductWithItsTransposeIsGainSquaredTimesIdentity(int[] dims, float gain)
    {
        var shape = new Shape(dims);
        var w = new float[shape.Size];
        new Orthogonal(gain).Fill(w, shape, new RandomGenerator(7));
        int cols = dims[^1], rows = shape.Size / cols;

        // W^T W [cols, cols] for a tall W, W W^T [rows, rows] for a wide one.
        bool tall = rows >= cols;
        int size = tall ? cols : rows;
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                double dot = 0;
                for (int p = 0; p < (tall ? rows : cols); p++)
                {
                    dot += tall ? (double)w[(p * cols) + i] * w[(p * cols) + j] : (double)w[(i * cols) + p] * w[(j * cols) + p];
                }

                double expected = i == j ? gain * gain : 0;
                Assert.True(Math.Abs(dot - expected) < 1e-5 * gain * gain, $"({i}, {j}) = {dot}, expected {expected}");
            }
        }
    }

    [Fact]
    public void ItIsSeededAndNamedAsInKeras()
    {
        var shape = new Shape(6, 6);
        var a = new float[36];
        var b = new float[36];
        var c = new float[36];
        Initializer.Get("orthogonal").Fill(a, shape, new RandomGenerator(1));
        new Orthogonal().Fill(b, shape, new RandomGenerator(1));
        new Orthogonal().Fill(c, shape, new RandomGenerator(2));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal("orthogonal", new Orthogonal(1.5f).Name);
        Assert.Equal(1.5f, new Orthogonal(1.5f).Gain);
    }

    [Fact]
    public void AVectorIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new Orthogonal().Fill(new float[4], new Shape(4), new RandomGenerator(0)));
        Assert.Contains("at least 2 axes", e.Message);
    }
}
