import ArgumentParser
import RoCBert

extension Precision: ExpressibleByArgument {}
