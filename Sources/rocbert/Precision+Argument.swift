import ArgumentParser
import RoCBert
import RoCBertCore

extension Precision: ExpressibleByArgument {}
