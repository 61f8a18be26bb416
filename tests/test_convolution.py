"""The taggers' convolutions, computed without window copies, agree with slovnet's own."""

import numpy as np
import pytest
from slovnet.exec.model import Conv1d as SlovnetConv1d

from kg.extract.convolution import Conv1d


@pytest.mark.parametrize("name", ["morph", "syntax", "ner"])
def test_every_encoder_layer_computes_what_slovnet_computes(models, name):
    rng = np.random.default_rng(3)
    layers = getattr(models, name).infer.model.encoder.layers
    assert layers and all(type(layer.conv) is Conv1d for layer in layers)
    for layer in layers:
        for batch, length in ((1, 1), (3, 7), (8, 41)):
            x = rng.standard_normal((batch, layer.conv.weight.shape[1], length)).astype(np.float32)
            ours, theirs = layer.conv(x), SlovnetConv1d.__call__(layer.conv, x)
            assert ours.shape == theirs.shape
            np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4)
