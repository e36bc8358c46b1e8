// Perturbation tables, transformations, goal functions and search methods: the attack side, which
// needs no model (victims are the `VictimModel` protocol; the harness wraps the model in one).
