// Perturbation tables, transformations, goal functions and search methods (issues 4 and 5).
import RoCBert
