using OneBatch.Autodiff;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Autodiff;

/// <summary>Transpose: every permutation of rank 3, some of rank 4 and beyond, against finite differences and index loops.</summary>
public sealed class TransposeTests
{
    public static TheoryData<int[], int[]> Cases()
    {
        var data = new TheoryData<int[], int[]>
        {
            { [5], [0] },
            { [3, 4], [1, 0] },
            { [3, 4], [0, 1] },
            { [1, 4], [1, 0] },
            { [2, 3, 4, 5], [0, 3, 1, 2] },     // NHWC -> NCHW
            { [2, 5, 3, 4], [0, 2, 3, 1] },     // NCHW -> NHWC
            { [2, 3, 4, 5], [0, 1, 3, 2] },     // the last two axes
            { [2, 3, 4, 5], [3, 2, 1, 0] },
            { [2, 3, 4, 5], [1, 0, 3, 2] },
            { [2, 3, 4, 5], [2, 0, 3, 1] },
            { [2, 1, 3, 1], [3, 2, 0, 1] },
            { [3, 1, 2, 4], [0, 2, 1, 3] },     // moving a size-1 axis only
            { [2, 3, 2, 3, 2], [4, 0, 3, 1, 2] },
            { [2, 1, 2, 3, 1, 2], [5, 3, 1, 0, 4, 2] },
        };

        foreach (var perm in Permutations([0, 1, 2]))
        {
            data.Add([2, 3, 4], perm);
            data.Add([3, 1, 5], perm);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients(int[] shape, int[] perm)
    {
        var x = Uniform(100, new Shape(shape));
        AssertGradients(t => Ops.Transpose(t[0], perm), [x]);

        // The scaled copy recorded last runs first: the rule must add into its gradient; recorded first, it runs last
        // and the rule must overwrite a reused buffer.
        AssertGradients(t => Ops.Add(Ops.Square(Ops.Transpose(t[0], perm)), Ops.Sum(Ops.Scale(t[0], 0.5f))), [x]);
        AssertGradients(t => Ops.Add(Ops.Sum(Ops.Scale(t[0], 0.5f)), Ops.Square(Ops.Transpose(t[0], perm))), [x]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void NegativeAxesNameTheSamePermutation(int[] shape, int[] perm)
    {
        var x = Naive.Distinct(new Shape(shape));
        var negative = perm.Select(p => p - shape.Length).ToArray();
        Assert.Equal(Ops.Transpose(x, perm).ToArray(), Ops.Transpose(x, negative).ToArray());
    }

    public static TheoryData<int[], int[]> ValueCases()
    {
        var data = Cases();
        data.Add([0, 3], [1, 0]);
        data.Add([2, 0, 3], [2, 0, 1]);
        data.Add([17, 33], [1, 0]);
        data.Add([3, 17, 19], [0, 2, 1]);
        data.Add([5, 7, 9, 3], [0, 3, 1, 2]);
        data.Add([5, 7, 9, 3], [2, 3, 0, 1]);
        data.Add([5, 7, 9, 3], [3, 1, 2, 0]);
        data.Add([], []);
        return data;
    }

    [Theory]
    [MemberData(nameof(ValueCases))]
    public void ValuesMatchIndexLoops(int[] shape, int[] perm)
    {
        var x = Naive.Distinct(new Shape(shape));
        var y = Ops.Transpose(x, perm);
        Assert.Equal(new Shape(perm.Select(p => shape[p]).ToArray()), y.Shape);
        foreach (var index in Naive.Indices(y.Shape))
        {
            var source = new int[shape.Length];
            for (int i = 0; i < perm.Length; i++)
            {
                source[perm[i]] = index[i];
            }

            Assert.Equal(x.ReadOnlySpan[Naive.Offset(x.Shape, source)], y.ReadOnlySpan[Naive.Offset(y.Shape, index)]);
        }
    }

    [Fact]
    public void ATransposeAddedToItsInput()
    {
        // y = x + x^T: both paths reach x, one through the transpose.
        var x = Uniform(101, new Shape(4, 4));
        AssertGradients(t => Ops.Multiply(Ops.Add(t[0], Ops.Transpose(t[0], [1, 0])), t[0]), [x]);
    }

    [Fact]
    public void BadPermutationsAreRefused()
    {
        var x = Tensor.Zeros(2, 3, 4);
        var e = Assert.Throws<ArgumentException>(() => Ops.Transpose(x, [0, 1]));
        Assert.Contains("[2, 3, 4]", e.Message);
        Assert.Throws<ArgumentException>(() => Ops.Transpose(x, [0, 1, 1]));
        Assert.Throws<ArgumentException>(() => Ops.Transpose(x, [0, 1, 3]));
        Assert.Throws<ArgumentException>(() => Ops.Transpose(x, [0, 1, -4]));
        Assert.Throws<ArgumentException>(() => Ops.Transpose(x, [0, 2, -1]));
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (int i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, k) => k != i).ToArray();
            foreach (var p in Permutations(rest))
            {
                yield return [items[i], .. p];
            }
        }
    }
}
