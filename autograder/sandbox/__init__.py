"""The sandbox room: where untrusted code runs and how the grader talks to it.

``limits`` (what a submission may use and see), ``processes`` (uids, kill sweeps, reaping), ``confine`` (bubblewrap
and the degraded process mode), ``kernel`` (one Jupyter kernel in the sandbox), ``bridge`` with ``kernel_bridge``
(the grader's and the kernel's ends of the request channel) and ``plaindata`` (the only values that cross it).
Nothing here knows about notebooks, labs or scores.
"""
