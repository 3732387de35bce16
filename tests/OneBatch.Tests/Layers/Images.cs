using OneBatch.Tensors;

namespace OneBatch.Tests.Layers;

/// <summary>Layout moves for the channels-first tests, written as plain loops (not with the ops under test).</summary>
internal static class Images
{
    /// <summary>x <c>[N, H, W, C]</c> -> <c>[N, C, H, W]</c>.</summary>
    public static Tensor ToChannelsFirst(Tensor x)
    {
        int n = x.Shape[0], h = x.Shape[1], w = x.Shape[2], c = x.Shape[3];
        var y = new Tensor(new Shape(n, c, h, w));
        for (int b = 0; b < n; b++)
        {
            for (int i = 0; i < h; i++)
            {
                for (int j = 0; j < w; j++)
                {
                    for (int k = 0; k < c; k++)
                    {
                        y[b, k, i, j] = x[b, i, j, k];
                    }
                }
            }
        }

        return y;
    }
}
